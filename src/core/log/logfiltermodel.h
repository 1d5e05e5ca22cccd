#pragma once

#include "logcolumns.h"

#include <QtCore/QSortFilterProxyModel>

#include <optional>

namespace capiqa::log {

/// Narrows a LogModel for a log view: free text, status class, profile and "only errors". Every
/// criterion left unset lets every row through. Works on the LogRole roles only, so it can sit on
/// any model that provides them.
class LogFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit LogFilterModel(QObject *parent = nullptr);
    ~LogFilterModel() override;

    QString text() const;
    /// Case-insensitive substring of the endpoint URL, message, error, fbtrace_id, profile or
    /// HTTP status (bodies are not searched: 100,000 of them would make typing stutter).
    void setText(const QString &text);

    std::optional<StatusClass> statusClass() const;
    void setStatusClass(std::optional<StatusClass> statusClass);

    QString profile() const;
    /// Exact profile name; empty for all profiles.
    void setProfile(const QString &profile);

    bool onlyErrors() const;
    /// Keep only rows for which isErrorEntry() holds.
    void setOnlyErrors(bool onlyErrors);

Q_SIGNALS:
    /// Any criterion changed (the rows shown may have changed).
    void filterChanged();

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    void refilter();

    QString m_text;
    std::optional<StatusClass> m_statusClass;
    QString m_profile;
    bool m_onlyErrors = false;
};

} // namespace capiqa::log
