#include "replayoutcome.h"

#include <array>

using namespace Qt::StringLiterals;

namespace capiqa::replay {

namespace {

constexpr std::array StatusNames{"pending", "in_flight", "accepted", "rejected", "cancelled", "unknown"};
constexpr std::array StateNames{"running", "finished", "cancelled", "failed", "interrupted"};

qint64 *counter(ReplayCounts &c, OutcomeStatus s)
{
    switch (s) {
    case OutcomeStatus::Accepted: return &c.accepted;
    case OutcomeStatus::Rejected: return &c.rejected;
    case OutcomeStatus::Cancelled: return &c.cancelled;
    case OutcomeStatus::Unknown: return &c.unknown;
    case OutcomeStatus::InFlight: return &c.unknown; // in flight is not known yet
    case OutcomeStatus::Pending: return nullptr;
    }
    return nullptr;
}

} // namespace

QString statusName(OutcomeStatus status)
{
    return QString::fromLatin1(StatusNames.at(size_t(status)));
}

std::optional<OutcomeStatus> statusFromName(QStringView name)
{
    for (size_t i = 0; i < StatusNames.size(); ++i) {
        if (name == QLatin1StringView(StatusNames.at(i)))
            return OutcomeStatus(i);
    }
    return std::nullopt;
}

QString runStateName(RunState state)
{
    return QString::fromLatin1(StateNames.at(size_t(state)));
}

std::optional<RunState> runStateFromName(QStringView name)
{
    for (size_t i = 0; i < StateNames.size(); ++i) {
        if (name == QLatin1StringView(StateNames.at(i)))
            return RunState(i);
    }
    return std::nullopt;
}

void ReplayCounts::move(OutcomeStatus from, OutcomeStatus to)
{
    if (from == OutcomeStatus::Pending && to != OutcomeStatus::Pending)
        ++sent;
    if (from == OutcomeStatus::InFlight)
        --inFlight;
    if (to == OutcomeStatus::InFlight)
        ++inFlight;
    if (qint64 *c = counter(*this, from))
        --*c;
    if (qint64 *c = counter(*this, to))
        ++*c;
}

QJsonObject toJson(const EventOutcome &o)
{
    return QJsonObject{{u"index"_s, o.index},
                       {u"user"_s, o.user + 1},
                       {u"step"_s, o.step + 1},
                       {u"event_name"_s, o.eventName},
                       {u"event_id"_s, o.eventId},
                       {u"status"_s, statusName(o.status)},
                       {u"retries"_s, o.retries},
                       {u"http_status"_s, o.httpStatus},
                       {u"error_code"_s, o.errorCode},
                       {u"error"_s, o.error},
                       {u"fbtrace_id"_s, o.fbtraceId},
                       {u"sent_ms"_s, o.sentMs},
                       {u"finished_ms"_s, o.finishedMs}};
}

QJsonObject toJson(const ReplayCounts &c)
{
    return QJsonObject{{u"planned"_s, c.planned},     {u"sent"_s, c.sent},         {u"not_sent"_s, c.notSent()},
                       {u"accepted"_s, c.accepted},   {u"rejected"_s, c.rejected}, {u"cancelled"_s, c.cancelled},
                       {u"unknown"_s, c.unknown},     {u"in_flight"_s, c.inFlight}, {u"retried"_s, c.retried},
                       {u"retries"_s, c.retries},     {u"balanced"_s, c.balanced()}};
}

} // namespace capiqa::replay
