// CSV with a header row: pixel_id,event_name,event_id,event_time[,source][,value][,currency] in
// any order (what support pastes from a spreadsheet or a database export).
#include "readcontext.h"

#include "io/linereader.h"

#include <QtCore/QDateTime>
#include <QtCore/QIODevice>

namespace capiqa::capture::detail {

using namespace Qt::StringLiterals;

namespace {

enum Column { PixelId, EventName, EventId, EventTime, Source, Value, Currency, ColumnCount };

int columnOf(const QString &header)
{
    const QString h = header.trimmed().toLower();
    if (h == "pixel_id"_L1 || h == "pixel"_L1)
        return PixelId;
    if (h == "event_name"_L1 || h == "event"_L1 || h == "ev"_L1)
        return EventName;
    if (h == "event_id"_L1 || h == "eventid"_L1 || h == "eid"_L1)
        return EventId;
    if (h == "event_time"_L1 || h == "time"_L1 || h == "ts"_L1 || h == "timestamp"_L1)
        return EventTime;
    if (h == "source"_L1 || h == "side"_L1)
        return Source;
    if (h == "value"_L1)
        return Value;
    if (h == "currency"_L1)
        return Currency;
    return -1;
}

// RFC 4180 fields of one line; nothing when a quoted field is not closed on the line.
std::optional<QStringList> splitCsv(QByteArrayView line, QString *error)
{
    QStringList fields;
    QByteArray field;
    bool quoted = false;
    bool wasQuoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == '"' && field.isEmpty() && !wasQuoted) {
            quoted = wasQuoted = true;
        } else if (c == ',') {
            fields.append(QString::fromUtf8(field));
            field.clear();
            wasQuoted = false;
        } else {
            field += c;
        }
    }
    if (quoted) {
        *error = u"a quoted field is not closed on this line (fields spanning lines are not supported)"_s;
        return std::nullopt;
    }
    fields.append(QString::fromUtf8(field));
    return fields;
}

} // namespace

void readCsv(QIODevice &device, ReadContext &context)
{
    io::LineReader reader(&device, 1 << 20);
    io::LineReader::Line line;
    int columns[ColumnCount];
    std::fill(std::begin(columns), std::end(columns), -1);
    bool haveHeader = false;
    while (reader.next(line)) {
        if ((line.number & 1023) == 0 && context.tick(line.offset))
            return;
        if (line.tooLong) {
            context.issue(line.number, line.offset, u"line of %1 bytes is too long for a CSV row; skipped"_s.arg(line.length));
            continue;
        }
        QByteArrayView text(line.text.data(), qsizetype(line.text.size()));
        if (!haveHeader && text.startsWith("\xEF\xBB\xBF"))
            text = text.sliced(3);
        if (text.trimmed().isEmpty())
            continue;
        QString error;
        const std::optional<QStringList> fields = splitCsv(text, &error);
        if (!fields) {
            context.issue(line.number, line.offset, error + u"; row skipped"_s);
            continue;
        }
        if (!haveHeader) {
            for (qsizetype i = 0; i < fields->size(); ++i) {
                if (const int c = columnOf(fields->at(i)); c >= 0 && columns[c] < 0)
                    columns[c] = int(i);
            }
            QStringList missing;
            if (columns[EventName] < 0)
                missing << u"event_name"_s;
            if (columns[EventId] < 0)
                missing << u"event_id"_s;
            if (columns[EventTime] < 0)
                missing << u"event_time"_s;
            if (!missing.isEmpty()) {
                context.issue(line.number, line.offset, u"the header row lacks %1 (it needs pixel_id,event_name,event_id,event_time "
                                                        "and optionally source,value,currency, in any order); file skipped"_s
                                                            .arg(missing.join(u", "_s)));
                return;
            }
            haveHeader = true;
            continue;
        }
        const auto cell = [&](Column c) { return columns[c] >= 0 ? fields->value(columns[c]).trimmed() : QString(); };
        CapturedEvent e;
        e.side = context.side();
        const QString source = cell(Source).toLower();
        if (source == "browser"_L1 || source == "pixel"_L1 || source == "web"_L1) {
            e.side = Side::Browser;
        } else if (source == "server"_L1 || source == "capi"_L1 || source == "api"_L1) {
            e.side = Side::Server;
        } else if (!source.isEmpty()) {
            context.issue(line.number, line.offset, u"source \"%1\" is neither browser nor server; row skipped"_s.arg(source));
            continue;
        }
        e.pixelId = cell(PixelId);
        e.eventName = cell(EventName);
        // The id as written: spaces around it are part of what was sent, and they matter.
        e.eventId = columns[EventId] >= 0 ? fields->value(columns[EventId]) : QString();
        if (e.eventName.isEmpty()) {
            context.issue(line.number, line.offset, u"event_name is empty; row skipped"_s);
            continue;
        }
        const QString time = cell(EventTime);
        bool ok = false;
        const qint64 t = time.toLongLong(&ok);
        if (ok) {
            setTime(e, t);
        } else if (time.isEmpty()) {
            e.timeUnit = TimeUnit::Missing;
        } else if (const QDateTime when = QDateTime::fromString(time, Qt::ISODateWithMs); when.isValid()) {
            // A spreadsheet's date is a fine spelling of the time; the unit is the side's own.
            e.timeMs = when.toMSecsSinceEpoch();
            e.timeUnit = e.side == Side::Browser ? TimeUnit::Milliseconds : TimeUnit::Seconds;
            e.rawTime = e.side == Side::Browser ? e.timeMs : e.timeMs / 1000;
        } else {
            context.issue(line.number, line.offset, u"event_time \"%1\" is neither a Unix time nor an ISO 8601 date; row skipped"_s.arg(time));
            continue;
        }
        if (const QString value = cell(Value); !value.isEmpty()) {
            e.value = value.toDouble(&e.hasValue);
            if (!e.hasValue)
                context.issue(line.number, line.offset, u"value \"%1\" is not a number; read without a value"_s.arg(value));
        }
        e.currency = cell(Currency);
        e.line = line.number;
        e.offset = line.offset;
        e.length = qint32(line.length);
        context.add(std::move(e));
    }
    if (!reader.errorString().isEmpty())
        context.issue(0, -1, u"read error: "_s + reader.errorString());
}

} // namespace capiqa::capture::detail
