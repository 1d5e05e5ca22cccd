#pragma once

#include <QtCore/QList>
#include <QtCore/QObject>
#include <QtCore/QPointer>

namespace capiqa::emulator {
class GraphEmulator;
struct HandledRequest;
struct ReceivedEvent;
} // namespace capiqa::emulator

namespace capiqa::log {

class LogBus;

/// Posts what a GraphEmulator received onto a LogBus, one incoming entry per answered request,
/// so that a second log pane shows the other side of the wire: what "Meta" got. An entry holds
/// the method and URL (no query: it may hold the token), the status answered (0 = connection
/// dropped), the number of events, the fbtrace_id, the Graph error code or injected fault, and
/// the request body as the emulator recorded it (token removed, then redacted again by the bus).
class EmulatorLog final : public QObject
{
    Q_OBJECT

public:
    /// Both must outlive this object (or be destroyed with it); `emulator` may live in another
    /// thread, the connections are queued then.
    EmulatorLog(emulator::GraphEmulator *emulator, LogBus *bus, QObject *parent = nullptr);
    ~EmulatorLog() override;

    /// Profile name put on every entry (default "emulator"), so the pane's profile filter and
    /// exports say where an entry came from.
    void setProfileName(const QString &name);
    QString profileName() const;

private:
    void onEventsReceived(const QList<capiqa::emulator::ReceivedEvent> &events);
    void onRequestHandled(const capiqa::emulator::HandledRequest &request);

    QPointer<emulator::GraphEmulator> m_emulator;
    QPointer<LogBus> m_bus;
    QString m_profile;
    /// The events of the request being answered: the emulator announces them just before the
    /// request itself.
    QList<emulator::ReceivedEvent> m_lastEvents;
};

} // namespace capiqa::log
