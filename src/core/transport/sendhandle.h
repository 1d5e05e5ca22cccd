#pragma once

#include "log/logentry.h"
#include "requestplan.h"
#include "sendoptions.h"
#include "sendresult.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QStringList>
#include <QtCore/QTimer>


namespace capiqa::transport {

class CapiClient;
struct HttpExchange;
struct AttemptAnswer;
struct AttemptOutcome;

/// One send in progress, returned by CapiClient::send(). Emits finished() exactly once,
/// always from the event loop (never inside send() or cancel()), then deletes itself.
class SendHandle final : public QObject
{
    Q_OBJECT

public:
    ~SendHandle() override;

    /// Same as SendResult::sendId and LogEntry::sendId.
    quint64 id() const { return m_result.sendId; }
    bool isFinished() const { return m_state == State::Finished; }

    /// Stops the send at any moment: waiting for a slot, in flight (the request is aborted),
    /// or waiting to retry. finished() then reports `cancelled`; requests already answered
    /// stay in `chunks`. Does nothing once the result is decided.
    void cancel();

Q_SIGNALS:
    void finished(const capiqa::transport::SendResult &result);
    /// After each request of a split send is answered successfully.
    void progressed(int requestsDone, int requestCount);
    /// A request failed in a retryable way; the next attempt (`attempt`, 2 = first retry)
    /// starts in `delayMs`.
    void retryScheduled(int attempt, int delayMs, const QString &reason);

private:
    friend class CapiClient;
    enum class State : quint8 { Created, Queued, InFlight, BackingOff, Finished };

    SendHandle(CapiClient *client, quint64 id, SendOptions options, SendPlan plan);

    // Called by CapiClient.
    void begin();
    void startAttempt();
    int currentEventCount() const;

    void onExchangeFinished(quint64 id, const HttpExchange &exchange);
    void onTimeout();
    void onBackoffElapsed();
    void postAnswer(const AttemptAnswer &answer, const AttemptOutcome &outcome, qint64 durationMs,
                    QList<log::Header> responseHeaders, bool willRetry) const;
    void scheduleRetry(const AttemptOutcome &outcome, const QByteArray &retryAfter);
    void requestDone();
    void startRequest(int index);
    void finish();
    void finishCancelled(const QString &where);

    QString scrub(QString text) const;
    QByteArray scrub(const QByteArray &bytes) const;
    void post(log::LogEntry entry) const;
    log::LogEntry baseEntry() const;

    QPointer<CapiClient> m_client;
    SendOptions m_options;
    SendPlan m_plan;
    SendResult m_result;
    RequestResult m_current; // the request being sent
    QStringList m_secrets;   // literal forms of the token and proof to scrub from any text
    State m_state = State::Created;

    quint64 m_exchange = 0; ///< the attempt in flight (CapiClient::startExchange()); 0 when none
    QTimer m_timeout;
    QTimer m_backoff;
    QElapsedTimer m_sendClock;
    QElapsedTimer m_requestClock;
    QElapsedTimer m_attemptClock;
    bool m_timedOut = false;
    int m_nextDelayMs = 0;
};

} // namespace capiqa::transport
