#pragma once

#include <QtCore/QList>
#include <QtCore/QString>
#include <QtCore/QStringList>

#include <vector>

/// What the dedup checker reads from captures: one flat record per Pixel hit or server event,
/// small enough that millions fit in memory; the full payload stays in its file and is read back
/// on demand (see CaptureSet::readRecord).
namespace capiqa::capture {

enum class Side : quint8 { Browser, Server };

/// "browser" / "server".
QString sideName(Side side);

/// The unit a time was sent in, judged by its magnitude. The Pixel's `ts` is milliseconds and a
/// server `event_time` is seconds; anything else is a mistake worth naming.
enum class TimeUnit : quint8 {
    Seconds,
    Milliseconds,
    Microseconds,
    Missing, ///< no time at all (the HAR entry's start time may stand in: see timeMs)
    Invalid, ///< not a number (e.g. an ISO date in a CAPI body), zero or negative
};

QString timeUnitName(TimeUnit unit);
/// The unit of a Unix time by magnitude: below 1e11 seconds, below 1e14 ms, below 1e17 µs.
TimeUnit unitOfMagnitude(qint64 value);
/// `value` in `unit` as Unix milliseconds (0 for Missing / Invalid).
qint64 toUnixMs(qint64 value, TimeUnit unit);

/// The formats the capture readers understand.
enum class CaptureFormat : quint8 {
    Auto,           ///< decided from the name and the first bytes
    Har,            ///< HTTP Archive from Chrome, Firefox or Safari DevTools: Pixel hits to /tr
    UrlList,        ///< one /tr URL per line
    EmulatorRecord, ///< JSON Lines written by `capiqa-cli serve --record`
    CapiJson,       ///< one CAPI request body ({"data":[…]}) or one event per file
    CapiJsonLines,  ///< one request or one event per line
    Csv,            ///< header row with pixel_id,event_name,event_id,event_time,source (any order)
};

QString formatName(CaptureFormat format);

/// One event from a capture. Pixel ids, names and currencies are interned (implicitly shared),
/// so a million events hold each distinct one once.
struct CapturedEvent
{
    QString pixelId;
    QString eventName;
    QString eventId;  ///< empty when the event has none
    QString currency; ///< custom data `currency`, as sent
    double value = 0; ///< custom data `value`; meaningful when hasValue
    qint64 rawTime = 0; ///< the time as sent: Pixel `ts`, server `event_time`
    qint64 timeMs = 0;  ///< best reading of when it happened, Unix ms (0: unknown)
    qint64 line = 0;    ///< 1-based line where the record starts in its file
    qint64 offset = 0;  ///< byte offset of the record in its file
    qint32 length = 0;  ///< byte length of the record (for readRecord)
    qint32 file = -1;   ///< index into CaptureSet::files
    Side side = Side::Browser;
    TimeUnit timeUnit = TimeUnit::Seconds;
    bool hasValue = false;
};

/// A problem found while reading: always names the file and the line and/or byte offset.
struct CaptureIssue
{
    QString file;
    qint64 line = 0;   ///< 1-based; 0 when only the offset is known
    qint64 offset = -1; ///< byte offset; -1 when unknown
    QString message;

    /// "file:line (byte offset): message".
    QString toString() const;
};

/// One input file and what came of it.
struct CaptureFile
{
    QString path;
    CaptureFormat format = CaptureFormat::Auto; ///< the format read (after detection)
    Side side = Side::Browser;                  ///< the side it was given as
    qint64 bytes = 0;
    qint64 events = 0;  ///< events taken from it
    qint64 ignored = 0; ///< records that are not events (other HAR requests, rejected events, …)
    qint64 issues = 0;  ///< problems found (CaptureSet keeps the first few of each file)
    bool opened = false;
};

/// Everything read from the inputs, in file order.
struct CaptureSet
{
    QList<CaptureFile> files;
    std::vector<CapturedEvent> events;
    QList<CaptureIssue> issues; ///< at most MaxIssuesPerFile per file; CaptureFile::issues counts all
    QStringList notes;          ///< what the reader assumed (not problems), e.g. a pixel id filled in

    static constexpr qint64 MaxIssuesPerFile = 200;

    qint64 issueCount() const;
    bool anyUnopened() const;
    /// The bytes of an event's record (the HAR entry, the JSON line, the CSV row), read back from
    /// its file, for a detail view. Empty when the file is gone or changed.
    QByteArray readRecord(const CapturedEvent &event) const;
};

} // namespace capiqa::capture
