#pragma once

#include <QtCore/QJsonObject>
#include <QtCore/QMetaType>
#include <QtCore/QString>

#include <optional>

/// What happened to each event of a replay run, and the run's running totals.
namespace capiqa::replay {

/// An event's state in a run. Only Accepted, Rejected, Cancelled and Unknown are final.
enum class OutcomeStatus : quint8 {
    Pending,   ///< not sent yet
    InFlight,  ///< handed to the client; written to the run history before it left
    Accepted,  ///< Graph answered HTTP 200 for the request that held it
    Rejected,  ///< Graph answered an error (decoded, after any retries), or capiqa could not build it
    Cancelled, ///< it never left capiqa (cancelled while queued, refused, TLS failure)
    Unknown,   ///< it may or may not have arrived: in flight at a crash, a timeout or lost
               ///< connection after the last retry, cancelled on the wire
};

/// "pending", "in_flight", "accepted", "rejected", "cancelled", "unknown".
QString statusName(OutcomeStatus status);
std::optional<OutcomeStatus> statusFromName(QStringView name);
inline bool isFinal(OutcomeStatus s) { return s >= OutcomeStatus::Accepted; }

/// One event of a run: a row of the results table and of the run history.
struct EventOutcome
{
    qint64 index = 0; ///< position in the run, 0 … planned − 1
    qint64 user = 0;  ///< 0-based
    int step = 0;     ///< 0-based
    QString eventName;
    QString eventId;
    OutcomeStatus status = OutcomeStatus::Pending;
    int retries = 0;      ///< attempts of its request beyond the first
    int httpStatus = 0;   ///< of the last attempt; 0 when no HTTP answer came
    int errorCode = 0;    ///< Graph error code, 0 for none
    QString error;        ///< the decoded error or failure in words; empty when accepted
    QString fbtraceId;
    qint64 sentMs = 0;     ///< Unix ms when it was handed to the client
    qint64 finishedMs = 0; ///< Unix ms of its final status; 0 while not final
};

/// {"index","user","step","event_name","event_id","status","retries","http_status",
/// "error_code","error","fbtrace_id","sent_ms","finished_ms"}; 1-based user and step.
QJsonObject toJson(const EventOutcome &outcome);

/// Running totals. Every event handed to the client is counted in exactly one of accepted,
/// rejected, cancelled and unknown (in-flight ones are unknown until answered), so
/// sent == accepted + rejected + cancelled + unknown at every moment.
struct ReplayCounts
{
    qint64 planned = 0;   ///< users × steps
    qint64 sent = 0;
    qint64 accepted = 0;
    qint64 rejected = 0;
    qint64 cancelled = 0;
    qint64 unknown = 0;   ///< includes inFlight
    qint64 inFlight = 0;
    qint64 retried = 0;   ///< events whose request needed at least one retry
    qint64 retries = 0;   ///< retries summed over events

    qint64 notSent() const { return planned - sent; }
    bool balanced() const { return sent == accepted + rejected + cancelled + unknown && inFlight <= unknown; }
    bool allAccepted() const { return planned > 0 && accepted == planned; }
    /// Moves one event into `status` from `from` (Pending for a fresh event).
    void move(OutcomeStatus from, OutcomeStatus to);
};

QJsonObject toJson(const ReplayCounts &counts);

/// A progress report: counts, throughput and the estimate of what is left.
struct ReplayProgress
{
    qint64 runId = 0;
    ReplayCounts counts;
    double eventsPerSecond = 0; ///< final answers per second over the last few seconds
    qint64 elapsedMs = 0;       ///< running time, pauses excluded
    qint64 etaMs = -1;          ///< -1 while unknown
    bool paused = false;
};

/// How a run ended.
enum class RunState : quint8 {
    Running,     ///< still going, or its process died (see RunStore)
    Finished,    ///< every planned event was sent
    Cancelled,   ///< stopped by cancel(); the rest can be resumed
    Failed,      ///< stopped by an error (refused send, history not writable)
    Interrupted, ///< found Running by a later process: it crashed or was killed
};

/// "running", "finished", "cancelled", "failed", "interrupted".
QString runStateName(RunState state);
std::optional<RunState> runStateFromName(QStringView name);

struct ReplaySummary
{
    qint64 runId = 0;
    RunState state = RunState::Finished;
    ReplayCounts counts;
    qint64 elapsedMs = 0;
    QString message; ///< why it failed; empty otherwise
};

} // namespace capiqa::replay

Q_DECLARE_METATYPE(capiqa::replay::EventOutcome)
Q_DECLARE_METATYPE(capiqa::replay::ReplayProgress)
Q_DECLARE_METATYPE(capiqa::replay::ReplaySummary)
