#pragma once

#include "event/eventmapping.h"
#include "pii/pii.h"

#include <QtCore/QJsonArray>
#include <QtCore/QJsonObject>
#include <QtCore/QSet>
#include <QtWidgets/QWidget>

#include <memory>
#include <vector>

QT_BEGIN_NAMESPACE
class QLabel;
class QLineEdit;
class QTableWidget;
QT_END_NAMESPACE

namespace Ui {
class EventForm;
}

namespace capiqa::gui {

/// The composer's form for one server event, as typed: raw customer information, "now" or a
/// chosen time, an id or an id template. It converts to and from the raw event JSON; fields it
/// has no widget for (and extra values of multi-valued keys) are kept as they came, so a round
/// trip through the form loses nothing. Each customer-information field shows, as you type,
/// what the chosen implementation sends and whether the other official ones would differ.
class EventForm final : public QWidget
{
    Q_OBJECT
public:
    explicit EventForm(QWidget *parent = nullptr);
    ~EventForm() override;

    /// The raw event the widgets describe.
    QJsonObject event() const;
    /// Fills the widgets; emits no edited().
    void setEvent(const QJsonObject &rawEvent);

    /// The implementation whose result the previews show.
    void setNormalizer(pii::Profile profile);
    void setMapping(const event::EventMapping &mapping);
    const event::EventMapping &mapping() const { return m_mapping; }
    /// The id the template resolved to, or why it did not, under the id field.
    void showResolvedId(const QString &text, bool ok);
    /// Recomputes the "3 h ago" label against `now` (Unix seconds).
    void refreshAge(qint64 now);

    /// Focuses the widget for a validator path such as "data[0].user_data.em[0]"; false when
    /// the form has no widget for it (the JSON tab does).
    bool focusPath(const QString &path);

    /// The preview line of one customer-information field (for tests and tooltips).
    QString previewText(pii::Field field) const;
    QLineEdit *piiEdit(pii::Field field) const;

Q_SIGNALS:
    /// The user changed a field; `key` names it (for undo merging).
    void edited(const QString &key);
    /// The user wants to edit the app-event mapping table.
    void mappingEditRequested();

private:
    struct PiiRow {
        pii::Field field;
        QLineEdit *edit = nullptr;
        QLabel *preview = nullptr;
        QLabel *marker = nullptr;
        QJsonArray moreValues; ///< values 2… of an array, kept for the JSON
    };

    void buildPiiRows();
    /// Records which part of the event the user changed and announces it.
    void markEdited(const QString &key);
    void connectEdits();
    void updatePreview(PiiRow &row);
    void updateModeWidgets();
    void applyAppEvent();
    PiiRow &row(pii::Field field);
    const PiiRow &row(pii::Field field) const;
    void writeUserData(QJsonObject &event) const;
    void writeCustomData(QJsonObject &event) const;
    void readCustomData(const QJsonObject &custom);

    std::unique_ptr<Ui::EventForm> m_ui;
    std::vector<PiiRow> m_pii;
    event::EventMapping m_mapping;
    pii::Profile m_normalizer = pii::Profile::Meta;
    QJsonObject m_base; ///< the last event set: what the user did not touch is copied from it
    QSet<QString> m_touched; ///< "event_name", "user_data.em", "custom_data", "app_data", …
    bool m_loading = false;
};

} // namespace capiqa::gui
