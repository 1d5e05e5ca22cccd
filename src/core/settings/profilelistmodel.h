#pragma once

#include "profile.h"

#include <QtCore/QAbstractListModel>
#include <QtCore/QList>

namespace capiqa::settings {

class ProfileStore;

/// The store's profiles as a one-column list, for pickers and the settings dialog. Holds facts
/// in roles (default, production, pixel, …); the GUI styles them (see gui::ProfileDisplayProxy).
/// Follows the store: resets when the list changes, updates rows when the default moves.
class ProfileListModel final : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        NameRole = Qt::UserRole + 1, ///< also Qt::DisplayRole
        IsDefaultRole,
        IsProductionRole,
        PixelIdRole,
        TestEventCodeRole,
        BaseUrlRole,
        BuiltInEmulatorRole,
        /// The profile's problems joined into one text (a hand-edited file can hold an
        /// invalid profile); empty when it can be used.
        ErrorsRole,
    };

    /// `store` is not owned and must outlive the model.
    explicit ProfileListModel(ProfileStore *store, QObject *parent = nullptr);
    ~ProfileListModel() override;

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    /// The row of the profile called `name`, or -1.
    int rowOf(QStringView name) const;
    /// The name at `row`, or an empty string when out of range.
    QString nameAt(int row) const;

private:
    void reload();
    void defaultChanged(const QString &name);

    ProfileStore *m_store;
    QList<Profile> m_profiles;
    QString m_defaultName;
};

} // namespace capiqa::settings
