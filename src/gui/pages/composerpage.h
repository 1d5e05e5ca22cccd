#pragma once

#include "compose/composition.h"
#include "consoleservices.h"
#include "settings/profile.h"
#include "transport/sendoptions.h"
#include "transport/sendresult.h"

#include <QtCore/QJsonObject>
#include <QtCore/QPointer>
#include <QtWidgets/QWidget>

#include <memory>
#include <optional>

QT_BEGIN_NAMESPACE
class QTimer;
class QUndoStack;
QT_END_NAMESPACE

namespace Ui {
class ComposerPage;
}

namespace capiqa::transport {
class SendHandle;
}

namespace capiqa::gui {

class EventForm;

/// Compose one event, see exactly what will be sent and why, and fire it at the active profile.
/// The raw event (customer information as typed) is the page's state; the form and the JSON
/// tab both edit it, every change is undoable, and each change re-runs the core composer
/// (resolve, hash, build, validate) to refresh the request preview and the findings.
class ComposerPage final : public QWidget
{
    Q_OBJECT
public:
    explicit ComposerPage(const ConsoleServices &services, QWidget *parent = nullptr);
    ~ComposerPage() override;

    QJsonObject rawEvent() const { return m_event; }
    /// Replaces the event (undoable).
    void setRawEvent(const QJsonObject &event);
    const compose::Composition &composition() const { return m_composition; }
    EventForm *form() const { return m_form; }
    QUndoStack *undoStack() const { return m_undo; }
    std::optional<transport::SendResult> lastResult() const { return m_lastResult; }

    /// Opens an event template: an event, a list of events or a request body (its first event
    /// is loaded). On failure the current event stays and `error` says where the file is wrong.
    bool loadFile(const QString &path, QString *error = nullptr);
    bool saveFile(const QString &path, QString *error = nullptr);

    QByteArray saveState() const;
    void restoreState(const QByteArray &state);

    /// Appends each accepted send to the funnel file `path` (the Record button); empty stops.
    void recordTo(const QString &path);
    QString recordPath() const { return m_recordPath; }

public Q_SLOTS:
    void send();
    void cancelSend();
    void copyAsCurl();
    void openFileDialog();
    void saveFileDialog();

Q_SIGNALS:
    /// A send finished (also announced on the log bus by the client).
    void sent(const capiqa::transport::SendResult &result);
    void fileLoaded(const QString &path);
    void statusMessage(const QString &message);

private:
    enum class Source : quint8 { Form, Json, Other };
    friend class EventEditCommand;

    void applyEvent(const QJsonObject &event, Source source);
    void recordEdit(const QJsonObject &event, const QString &key, Source source);
    void refresh(Source source);
    void onJsonEdited();
    void showFindings();
    void showResult(const transport::SendResult &result);
    void showTarget();
    void focusFinding(const QString &path);
    void setSending(bool sending);
    std::optional<settings::Profile> activeProfile() const;
    compose::ComposeSettings composeSettings(bool forSend) const;
    transport::SendOptions sendOptions(const settings::Profile &profile) const;
    void buildSamplesMenu();
    void editMapping();
    void setRecording(bool on);

    std::unique_ptr<Ui::ComposerPage> m_ui;
    ConsoleServices m_services;
    EventForm *m_form = nullptr;
    QUndoStack *m_undo = nullptr;
    QTimer *m_jsonTimer = nullptr;
    QTimer *m_clockTimer = nullptr;
    QJsonObject m_event;
    compose::Composition m_composition;
    QString m_previewUuid;
    QPointer<transport::SendHandle> m_handle;
    std::optional<transport::SendResult> m_lastResult;
    bool m_applying = false;
    QString m_recordPath;    ///< the funnel file accepted sends are appended to; empty: not recording
    QJsonObject m_sentEvent; ///< the raw event of the send in flight, for the recording
};

} // namespace capiqa::gui
