#pragma once

#include "funnel.h"
#include "replayoptions.h"
#include "replayoutcome.h"

#include "event/requestbuilder.h"
#include "transport/ratelimiter.h"
#include "transport/sendoptions.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QJsonObject>
#include <QtCore/QObject>
#include <QtCore/QPointer>
#include <QtCore/QSet>
#include <QtCore/QTimer>

#include <deque>
#include <memory>

namespace capiqa::transport {
class CapiClient;
class SendHandle;
struct SendResult;
} // namespace capiqa::transport

namespace capiqa::replay {

class FunnelExpander;
class RunStore;

/// Everything a run needs. `send` holds where events go (and the access token, which is
/// never stored); `config` is extra context kept with the run in the history (profile name…).
struct ReplayJob
{
    Funnel funnel;
    ReplayOptions options;
    transport::SendOptions send;
    pii::Profile normalizer = pii::Profile::Meta;
    QJsonObject config;
    /// Non-zero: continue that run of the history. Its users, order, seed and id/time options
    /// are taken from the history (so the same events are made again); rate, concurrency and
    /// batch size are this job's. Accepted and rejected events are not sent again, cancelled
    /// and never-sent ones are, unknown ones only with `resendUnknown` (safe when their
    /// event_id is kept: Meta deduplicates the copy).
    qint64 resumeRunId = 0;
    bool resendUnknown = false;
};

/// Replays a funnel for many users over CapiClient: events are made on demand (memory stays
/// flat however large the run), built with the profile's normaliser, sent in batches of at
/// most 1,000 with at most `concurrency` requests in flight, paced by a rate or by the
/// funnel's own spacing. Every event ends in exactly one of accepted, rejected, cancelled or
/// unknown (see OutcomeStatus), and with a RunStore each request's events are recorded as in
/// flight before it leaves, so a crashed run can be resumed without sending a confirmed event
/// twice. Lives in the client's thread.
class ReplayEngine final : public QObject
{
    Q_OBJECT

public:
    enum class State : quint8 { Idle, Running, Paused, Stopping, Done };

    /// `client` and `store` are not owned; `store` may be null (no history, no resume).
    explicit ReplayEngine(transport::CapiClient *client, RunStore *store = nullptr, QObject *parent = nullptr);
    ~ReplayEngine() override;

    /// Starts (or resumes) a run; started() and the first progressed() follow from the event
    /// loop. False, with `error` in one sentence, when it cannot start (bad options, the
    /// funnel changed since the run was recorded, the history cannot be written, …).
    bool start(const ReplayJob &job, QString *error);
    /// Stops handing out new requests; requests in flight still finish.
    void pause();
    void resume();
    /// Stops the run: queued requests are cancelled, requests on the wire are aborted (their
    /// events become unknown), events not yet sent stay unsent and can be resumed.
    void cancel();

    State state() const { return m_state; }
    qint64 runId() const { return m_runId; }
    ReplayProgress progress() const;
    /// How often progressed() is emitted while running (default 250 ms).
    void setProgressInterval(int ms) { m_progressTimer.setInterval(ms); }

Q_SIGNALS:
    void started(qint64 runId, const capiqa::replay::ReplayCounts &counts);
    void progressed(const capiqa::replay::ReplayProgress &progress);
    /// Events that reached a final status (or were found unbuildable), in batches.
    void eventsFinished(const QList<capiqa::replay::EventOutcome> &outcomes);
    void pausedChanged(bool paused);
    void finished(const capiqa::replay::ReplaySummary &summary);

private:
    bool prepareResume(ReplayJob &job, QString *error);
    bool shouldSend(qint64 index) const;
    qint64 runningMs() const;
    qint64 dueMs(qint64 index) const;
    void pump();
    void schedulePump(qint64 delayMs);
    void dispatch(const QList<qint64> &indices);
    void onBatchFinished(QList<EventOutcome> outcomes, const transport::SendResult &result);
    void stop(RunState state, const QString &message);
    void maybeFinish();
    void emitProgress();

    QPointer<transport::CapiClient> m_client;
    RunStore *m_store = nullptr;
    ReplayJob m_job;
    std::unique_ptr<FunnelExpander> m_expander;
    event::RequestBuilder m_builder;
    transport::RateLimiter m_limiter;

    State m_state = State::Idle;
    RunState m_endState = RunState::Finished;
    QString m_message;
    qint64 m_runId = 0;
    qint64 m_planned = 0;
    qint64 m_cursor = 0;
    qint64 m_toSend = 0;   ///< events this session will send
    qint64 m_sentNow = 0;  ///< of those, handed to the client so far
    int m_batchSize = 1;
    QByteArray m_previous; ///< resumed run: each event's status before this session
    ReplayCounts m_counts;
    QSet<transport::SendHandle *> m_handles;

    QElapsedTimer m_clock;
    qint64 m_pausedMs = 0;
    qint64 m_pauseStartedMs = 0;
    QTimer m_pumpTimer;
    QTimer m_progressTimer;
    QTimer m_flushTimer;
    std::deque<std::pair<qint64, qint64>> m_samples; ///< (running ms, final answers)
};

} // namespace capiqa::replay
