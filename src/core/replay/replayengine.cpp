#include "replayengine.h"

#include "funnelexpander.h"
#include "runstore.h"

#include "log/logbus.h"
#include "transport/capiclient.h"
#include "transport/sendhandle.h"

#include <QtCore/QDateTime>
#include <QtCore/QJsonArray>
#include <QtCore/QRandomGenerator>

using namespace Qt::StringLiterals;
using namespace capiqa::transport;

namespace capiqa::replay {

namespace {

constexpr qint64 RateWindowMs = 5'000;

qint64 finalCount(const ReplayCounts &c)
{
    return c.accepted + c.rejected + c.cancelled + c.unknown - c.inFlight;
}

// The final status of the events of one answered (or failed, or cancelled) request.
void classify(EventOutcome &o, const SendResult &r)
{
    o.retries = std::max(0, r.attempts - 1);
    o.httpStatus = r.httpStatus;
    o.errorCode = r.error.code;
    o.fbtraceId = r.fbtraceId;
    o.finishedMs = QDateTime::currentMSecsSinceEpoch();
    if (r.ok && r.eventsReceived == r.eventCount) {
        o.status = OutcomeStatus::Accepted;
        o.error.clear();
        return;
    }
    o.error = r.summary();
    switch (r.failure) {
    case Failure::Http:
        // Graph answered with an error: the events were not taken.
        o.status = OutcomeStatus::Rejected;
        if (!r.error.errorUserMsg.isEmpty())
            o.error += u" — "_s + r.error.errorUserMsg;
        return;
    case Failure::Refused:
    case Failure::Tls:
        o.status = OutcomeStatus::Cancelled; // nothing left capiqa
        return;
    case Failure::Cancelled:
        o.status = r.attempts == 0 ? OutcomeStatus::Cancelled : OutcomeStatus::Unknown;
        return;
    case Failure::None:          // 200 but fewer events_received than sent
    case Failure::Network:
    case Failure::Timeout:
    case Failure::InvalidResponse:
        o.status = OutcomeStatus::Unknown; // the server may have processed them
        return;
    }
}

} // namespace

ReplayEngine::ReplayEngine(CapiClient *client, RunStore *store, QObject *parent)
    : QObject(parent)
    , m_client(client)
    , m_store(store)
{
    qRegisterMetaType<EventOutcome>();
    qRegisterMetaType<ReplayProgress>();
    qRegisterMetaType<ReplaySummary>();
    m_builder.setDiagnosticsEnabled(false);
    m_pumpTimer.setSingleShot(true);
    connect(&m_pumpTimer, &QTimer::timeout, this, &ReplayEngine::pump);
    m_progressTimer.setInterval(250);
    connect(&m_progressTimer, &QTimer::timeout, this, &ReplayEngine::emitProgress);
    // Answers are written in batches; half a second of them at most is lost in a crash (and
    // those events are then unknown, never double-sent).
    m_flushTimer.setInterval(500);
    connect(&m_flushTimer, &QTimer::timeout, this, [this] {
        if (m_store && !m_store->flush())
            stop(RunState::Failed, m_store->errorString());
    });
}

ReplayEngine::~ReplayEngine()
{
    for (SendHandle *h : std::as_const(m_handles))
        h->disconnect(this);
    if (m_store)
        m_store->flush();
}

bool ReplayEngine::prepareResume(ReplayJob &job, QString *error)
{
    const auto record = m_store ? m_store->run(job.resumeRunId) : std::nullopt;
    if (!record) {
        *error = m_store ? u"there is no run %1 in the history (%2)"_s.arg(job.resumeRunId).arg(m_store->path())
                         : u"resuming needs the run history"_s;
        return false;
    }
    if (record->funnelSha256 != job.funnel.sha256) {
        *error = u"run %1 was made from a different funnel file (%2 has changed since); replay it as a new run"_s
                     .arg(job.resumeRunId)
                     .arg(record->funnelPath);
        return false;
    }
    if (record->state == RunState::Finished) {
        const QByteArray map = m_store->statusMap(record->id, record->planned);
        const bool anyUnknown = map.contains(char(OutcomeStatus::Unknown)) || map.contains(char(OutcomeStatus::InFlight));
        if (!job.resendUnknown || !anyUnknown) {
            *error = u"run %1 is finished: every event was sent%2"_s.arg(job.resumeRunId)
                         .arg(anyUnknown ? u" (use --resend-unknown to send its unknown events again)"_s : QString());
            return false;
        }
    }
    const ReplayOptions stored = ReplayOptions::fromJson(record->config.value("replay"_L1).toObject());
    job.options.users = stored.users;
    job.options.spacingFactor = stored.spacingFactor;
    job.options.seed = stored.seed;
    job.options.regenerateIds = stored.regenerateIds;
    job.options.rewriteEventTime = stored.rewriteEventTime;
    if (job.options.planned(int(job.funnel.steps.size())) != record->planned) {
        *error = u"run %1 planned %2 events but the funnel now gives %3"_s.arg(job.resumeRunId).arg(record->planned)
                     .arg(job.options.planned(int(job.funnel.steps.size())));
        return false;
    }
    // This process is the only one sending for the run now: whatever the last one left in
    // flight may or may not have arrived.
    m_store->markInFlightUnknown(record->id);
    m_previous = m_store->statusMap(record->id, record->planned);
    m_runId = record->id;
    return m_store->setRunState(m_runId, RunState::Running) || (*error = m_store->errorString(), false);
}

bool ReplayEngine::start(const ReplayJob &jobIn, QString *error)
{
    if (m_state == State::Running || m_state == State::Paused || m_state == State::Stopping) {
        *error = u"a replay is already running"_s;
        return false;
    }
    if (!m_client) {
        *error = u"no client"_s;
        return false;
    }
    ReplayJob job = jobIn;
    if (job.funnel.steps.isEmpty()) {
        *error = u"the funnel has no steps"_s;
        return false;
    }
    m_previous.clear();
    m_runId = 0;
    if (job.resumeRunId != 0 && !prepareResume(job, error))
        return false;
    if (const QString problem = job.options.problem(); !problem.isEmpty()) {
        *error = problem;
        return false;
    }
    const int steps = int(job.funnel.steps.size());
    if (job.options.seed == 0)
        job.options.seed = QRandomGenerator::global()->generate64() | 1;
    m_batchSize = job.options.effectiveBatchSize();
    job.send.maxEventsPerRequest = m_batchSize; // one request per batch, so one answer per event
    m_planned = job.options.planned(steps);

    if (m_store && m_runId == 0) {
        RunRecord record;
        record.funnelPath = job.funnel.path;
        record.funnelSha256 = job.funnel.sha256;
        record.funnelName = job.funnel.name;
        record.planned = m_planned;
        record.steps = steps;
        record.config = job.config;
        record.config.insert(u"replay"_s, job.options.toJson());
        const auto id = m_store->createRun(record);
        if (!id) {
            *error = m_store->errorString();
            return false;
        }
        m_runId = *id;
    }
    m_job = job;
    m_expander = std::make_unique<FunnelExpander>(m_job.funnel, ExpansionOptions{.seed = job.options.seed,
                                                                                  .rewriteEventTime = job.options.rewriteEventTime,
                                                                                  .regenerateIds = job.options.regenerateIds,
                                                                                  .mergeIdentities = true});
    m_builder.setProfile(job.normalizer);
    if (m_client->maxConcurrentRequests() < job.options.concurrency)
        m_client->setMaxConcurrentRequests(job.options.concurrency);

    // What this session sends, and the totals carried over from earlier sessions of the run.
    m_counts = {};
    m_counts.planned = m_planned;
    m_toSend = 0;
    for (qint64 i = 0; i < m_planned; ++i) {
        if (shouldSend(i))
            ++m_toSend;
        else
            m_counts.move(OutcomeStatus::Pending, OutcomeStatus(m_previous.at(i)));
    }
    if (m_store && m_runId != 0 && !m_previous.isEmpty()) {
        const ReplayCounts stored = m_store->counts(m_runId, m_planned);
        m_counts.retried = stored.retried;
        m_counts.retries = stored.retries;
    }
    m_sentNow = 0;
    m_cursor = 0;
    m_message.clear();
    m_endState = RunState::Finished;
    m_handles.clear();
    m_samples.clear();
    m_pausedMs = 0;
    m_clock.start();
    m_limiter.configure(job.options.rate, std::max<double>(job.options.rate, m_batchSize), 0);
    m_state = State::Running;
    m_progressTimer.start();
    m_flushTimer.start();
    QMetaObject::invokeMethod(this, [this, counts = m_counts] {
        Q_EMIT started(m_runId, counts);
        emitProgress();
        pump();
    }, Qt::QueuedConnection);
    return true;
}

bool ReplayEngine::shouldSend(qint64 index) const
{
    if (m_previous.isEmpty())
        return true;
    switch (OutcomeStatus(m_previous.at(index))) {
    case OutcomeStatus::Pending:
    case OutcomeStatus::Cancelled: return true;
    case OutcomeStatus::InFlight:
    case OutcomeStatus::Unknown: return m_job.resendUnknown;
    case OutcomeStatus::Accepted:
    case OutcomeStatus::Rejected: return false;
    }
    return false;
}

qint64 ReplayEngine::runningMs() const
{
    const qint64 paused = m_state == State::Paused ? m_clock.elapsed() - m_pauseStartedMs : 0;
    return m_clock.elapsed() - m_pausedMs - paused;
}

qint64 ReplayEngine::dueMs(qint64 index) const
{
    if (!m_job.options.usesSpacing())
        return 0;
    const EventRef ref = eventAt(index, m_job.options, m_expander->stepCount());
    return qint64(double(m_job.funnel.steps.at(ref.step).offsetMs) * m_job.options.spacingFactor);
}

void ReplayEngine::schedulePump(qint64 delayMs)
{
    if (!m_pumpTimer.isActive() || m_pumpTimer.remainingTime() > delayMs)
        m_pumpTimer.start(int(std::clamp<qint64>(delayMs, 0, 60'000)));
}

void ReplayEngine::pump()
{
    while (m_state == State::Running && m_handles.size() < m_job.options.concurrency) {
        while (m_cursor < m_planned && !shouldSend(m_cursor))
            ++m_cursor;
        if (m_cursor >= m_planned)
            break;
        const qint64 now = runningMs();
        if (const qint64 due = dueMs(m_cursor); due > now) {
            schedulePump(due - now);
            return;
        }
        if (const qint64 wait = m_limiter.waitMs(m_batchSize, now); wait > 0) {
            schedulePump(wait);
            return;
        }
        QList<qint64> batch;
        while (m_cursor < m_planned && batch.size() < m_batchSize) {
            if (shouldSend(m_cursor)) {
                if (dueMs(m_cursor) > now)
                    break;
                batch << m_cursor;
            }
            ++m_cursor;
        }
        m_limiter.consume(int(batch.size()), now);
        dispatch(batch);
    }
    maybeFinish();
}

void ReplayEngine::dispatch(const QList<qint64> &indices)
{
    const qint64 nowS = QDateTime::currentSecsSinceEpoch();
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    QJsonArray raw;
    QList<EventOutcome> outcomes;
    outcomes.reserve(indices.size());
    for (qint64 index : indices) {
        const EventRef ref = eventAt(index, m_job.options, m_expander->stepCount());
        const QJsonObject event = m_expander->event(ref.user, ref.step, nowS);
        raw.append(event);
        EventOutcome o;
        o.index = index;
        o.user = ref.user;
        o.step = ref.step;
        o.eventName = event.value("event_name"_L1).toString();
        o.eventId = event.value("event_id"_L1).toString();
        o.status = OutcomeStatus::InFlight;
        o.sentMs = nowMs;
        outcomes << o;
    }
    const event::BuildResult built = m_builder.build(QJsonObject{{u"data"_s, raw}});
    // An event that cannot be built (a CSV value the normaliser rejects inside a template) is
    // rejected here and the rest of the batch still goes.
    QList<EventOutcome> failed;
    QList<EventOutcome> sending;
    for (qsizetype i = 0; i < outcomes.size(); ++i) {
        EventOutcome &o = outcomes[i];
        if (built.failedEvents.contains(i)) {
            o.status = OutcomeStatus::Rejected;
            o.finishedMs = nowMs;
            const QString prefix = u"data[%1]"_s.arg(i);
            for (const QString &e : built.errors) {
                if (e.startsWith(prefix))
                    o.error += (o.error.isEmpty() ? u"not sent, capiqa could not build it: "_s : u"; "_s) + e.mid(prefix.size());
            }
            failed << o;
        } else {
            sending << o;
        }
    }
    if (m_store && !m_store->markInFlight(m_runId, sending + failed)) {
        stop(RunState::Failed, m_store->errorString()); // never send what the history cannot account for
        return;
    }
    for (qsizetype i = 0; i < failed.size(); ++i)
        m_counts.move(OutcomeStatus::Pending, OutcomeStatus::Rejected);
    for (qsizetype i = 0; i < sending.size(); ++i)
        m_counts.move(OutcomeStatus::Pending, OutcomeStatus::InFlight);
    m_sentNow += indices.size();
    if (!failed.isEmpty())
        Q_EMIT eventsFinished(failed);
    if (sending.isEmpty())
        return;
    SendHandle *handle = m_client->send(built.body, m_job.send);
    m_handles.insert(handle);
    connect(handle, &SendHandle::finished, this, [this, handle, sending](const SendResult &result) {
        m_handles.remove(handle);
        onBatchFinished(sending, result);
    });
}

void ReplayEngine::onBatchFinished(QList<EventOutcome> outcomes, const SendResult &result)
{
    for (EventOutcome &o : outcomes) {
        classify(o, result);
        m_counts.move(OutcomeStatus::InFlight, o.status);
        if (o.retries > 0) {
            ++m_counts.retried;
            m_counts.retries += o.retries;
        }
    }
    if (m_store)
        m_store->queueOutcomes(m_runId, outcomes);
    Q_EMIT eventsFinished(outcomes);
    if (result.failure == Failure::Refused || result.failure == Failure::Tls)
        stop(RunState::Failed, result.failure == Failure::Refused ? result.refusal : result.summary());
    else
        pump();
    maybeFinish();
}

void ReplayEngine::pause()
{
    if (m_state != State::Running)
        return;
    m_pauseStartedMs = m_clock.elapsed();
    m_state = State::Paused;
    m_pumpTimer.stop();
    Q_EMIT pausedChanged(true);
    emitProgress();
}

void ReplayEngine::resume()
{
    if (m_state != State::Paused)
        return;
    m_pausedMs += m_clock.elapsed() - m_pauseStartedMs;
    m_state = State::Running;
    Q_EMIT pausedChanged(false);
    pump();
}

void ReplayEngine::cancel()
{
    stop(RunState::Cancelled, u"cancelled"_s);
}

void ReplayEngine::stop(RunState state, const QString &message)
{
    if (m_state != State::Running && m_state != State::Paused)
        return;
    if (m_state == State::Paused)
        m_pausedMs += m_clock.elapsed() - m_pauseStartedMs;
    m_state = State::Stopping;
    m_endState = state;
    m_message = message;
    m_pumpTimer.stop();
    const QSet<SendHandle *> handles = m_handles;
    for (SendHandle *h : handles)
        h->cancel(); // each still reports finished(), from the event loop
    QMetaObject::invokeMethod(this, &ReplayEngine::maybeFinish, Qt::QueuedConnection);
}

void ReplayEngine::maybeFinish()
{
    if (!m_handles.isEmpty())
        return;
    if (m_state == State::Running && m_cursor < m_planned)
        return;
    if (m_state != State::Running && m_state != State::Stopping)
        return;
    if (m_state == State::Running && m_sentNow < m_toSend)
        return;
    m_state = State::Done;
    m_pumpTimer.stop();
    m_progressTimer.stop();
    m_flushTimer.stop();
    if (m_store) {
        if (!m_store->flush() && m_endState != RunState::Failed) {
            m_endState = RunState::Failed;
            m_message = m_store->errorString();
        }
        m_store->setRunState(m_runId, m_endState, m_message);
    }
    emitProgress();
    Q_EMIT finished(ReplaySummary{m_runId, m_endState, m_counts, runningMs(), m_endState == RunState::Finished ? QString() : m_message});
}

ReplayProgress ReplayEngine::progress() const
{
    ReplayProgress p;
    p.runId = m_runId;
    p.counts = m_counts;
    p.elapsedMs = m_state == State::Idle ? 0 : runningMs();
    p.paused = m_state == State::Paused;
    if (m_samples.size() >= 2) {
        const auto &[t0, n0] = m_samples.front();
        const auto &[t1, n1] = m_samples.back();
        if (t1 > t0)
            p.eventsPerSecond = double(n1 - n0) * 1000.0 / double(t1 - t0);
    }
    const qint64 left = (m_toSend - m_sentNow) + m_counts.inFlight;
    if (left == 0)
        p.etaMs = 0;
    else if (p.eventsPerSecond > 0)
        p.etaMs = qint64(double(left) * 1000.0 / p.eventsPerSecond);
    if (m_job.options.usesSpacing() && m_expander && p.etaMs >= 0) {
        const qint64 lastDue = qint64(double(m_job.funnel.steps.constLast().offsetMs) * m_job.options.spacingFactor);
        p.etaMs = std::max(p.etaMs, lastDue - p.elapsedMs);
    }
    return p;
}

void ReplayEngine::emitProgress()
{
    const qint64 now = runningMs();
    m_samples.emplace_back(now, finalCount(m_counts));
    while (m_samples.size() > 2 && now - m_samples.front().first > RateWindowMs)
        m_samples.pop_front();
    Q_EMIT progressed(progress());
}

} // namespace capiqa::replay
