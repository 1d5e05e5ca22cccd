#pragma once

#include "funnel.h"

#include "emulator/eventstore.h"

#include <QtCore/QJsonObject>
#include <QtCore/QList>
#include <QtCore/QMap>
#include <QtCore/QString>
#include <QtCore/QStringList>

/// Making funnels from what was recorded: the events the local emulator received (a real app
/// pointed at it), a HAR file of Pixel requests saved from browser DevTools, or the composer's
/// sends (a Record toggle appends each sent event to a funnel file).
namespace capiqa::replay {

/// A funnel made from a recording, with what could not be used (each naming its place).
struct Recording
{
    Funnel funnel;
    QStringList errors;   ///< unusable input: "FILE: line L, …: why"; the rest is still used
    QStringList notes;    ///< what was left out on purpose (duplicates, rejected, auto-events)
    bool ok() const { return !funnel.steps.isEmpty(); }
};

struct RecordingOptions
{
    bool acceptedOnly = true;  ///< emulator: leave out events whose request was not accepted
    bool includeBrowser = false; ///< emulator: Pixel hits become server events too
};

/// Server events as the emulator received them, in receipt order, spaced by receipt time. A
/// retried request records its events again; each (event_name, event_id) is kept once.
Recording funnelFromReceived(const QList<emulator::ReceivedEvent> &events, const RecordingOptions &options = {});
/// The same from the emulator's record file (capiqa-cli serve --record FILE), read line by
/// line; a bad line is named and skipped.
Recording funnelFromEmulatorRecord(const QString &path, const RecordingOptions &options = {});

/// Pixel requests (GET or POST …/tr) of a HAR file turned into website server events:
/// ev → event_name, eid → event_id (kept, so the replay deduplicates against the browser),
/// dl → event_source_url, rl → referrer_url, ts → event_time, cd[…] → custom_data, ud[…] and
/// fbp/fbc → user_data (already hashed by the Pixel), the request's User-Agent →
/// client_user_agent. Spaced by the requests' start times. Pixel auto-events (Microdata,
/// SubscribedButtonClick) are left out.
Recording funnelFromHar(const QString &path);
Recording funnelFromHarBytes(const QByteArray &har, const QString &name);

/// The server event one Pixel hit stands for (parameters already decoded).
QJsonObject serverEventFromPixelHit(const QMap<QString, QString> &params, const QString &userAgent, qint64 hitMs);

/// A funnel as a version 1 funnel file.
QByteArray toFunnelJson(const Funnel &funnel, qint64 recordedAtMs = 0);
/// Writes it atomically (QSaveFile). False with `error` naming the file.
bool writeFunnelFile(const QString &path, const Funnel &funnel, QString *error, qint64 recordedAtMs = 0);

/// Appends `event` (as composed, raw) as the last step of the funnel file at `path`, created
/// when missing; its offset is the time since the file's first recorded step. False with
/// `error` when the file exists but is not a funnel file this can extend.
bool appendToFunnelFile(const QString &path, const QJsonObject &event, qint64 sentAtMs, QString *error);

} // namespace capiqa::replay
