#include "logexport.h"

#include "buildinfo.h"

#include "io/jsonlinewriter.h"
#include "logdetail.h"

#include <QtCore/QHash>
#include <QtCore/QIODevice>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QSaveFile>
#include <QtCore/QUrl>
#include <QtCore/QUrlQuery>

#include <string>
#include <utility>

using namespace Qt::StringLiterals;

namespace capiqa::log {

namespace {

std::string utf8(const QString &s)
{
    const QByteArray bytes = s.toUtf8();
    return std::string(bytes.constData(), std::size_t(bytes.size()));
}

QString isoTime(const QDateTime &t)
{
    return t.toUTC().toString(Qt::ISODateWithMs);
}

std::string headersJson(const QList<Header> &headers)
{
    std::string out = "[";
    for (const auto &[name, value] : headers) {
        if (out.size() > 1)
            out.push_back(',');
        out.push_back('[');
        io::appendJsonString(out, utf8(name));
        out.push_back(',');
        io::appendJsonString(out, utf8(value));
        out.push_back(']');
    }
    out.push_back(']');
    return out;
}

bool writeAll(QIODevice &out, const char *data, qint64 size)
{
    qint64 done = 0;
    while (done < size) {
        const qint64 n = out.write(data + done, size - done);
        if (n <= 0)
            return false;
        done += n;
    }
    return true;
}

bool writeAll(QIODevice &out, const std::string &data)
{
    return writeAll(out, data.data(), qint64(data.size()));
}

bool writeAll(QIODevice &out, const QByteArray &data)
{
    return writeAll(out, data.constData(), data.size());
}

QString writeError(const QIODevice &out)
{
    const QString why = out.errorString();
    return why.isEmpty() ? u"write failed"_s : why;
}

// --- HAR -------------------------------------------------------------------------------------

QJsonArray harHeaders(const QList<Header> &headers)
{
    QJsonArray out;
    for (const auto &[name, value] : headers)
        out.append(QJsonObject{{u"name"_s, name}, {u"value"_s, value}});
    return out;
}

QString headerValue(const QList<Header> &headers, QStringView name)
{
    for (const auto &[key, value] : headers) {
        if (QStringView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QString mimeTypeOf(const QList<Header> &headers, const QString &body)
{
    if (const QString type = headerValue(headers, u"content-type"); !type.isEmpty())
        return type;
    const QStringView trimmed = QStringView(body).trimmed();
    if (trimmed.startsWith(u'{') || trimmed.startsWith(u'['))
        return u"application/json"_s;
    if (trimmed.isEmpty())
        return {};
    return u"text/plain"_s;
}

/// One HAR entry: a request, its answer, or both.
struct HarItem {
    const LogEntry *request = nullptr;
    const LogEntry *response = nullptr;
};

QJsonObject harRequest(const LogEntry &source, const LogEntry *outgoing)
{
    // An emulator row holds the request it received; a client's answer row points at its request.
    const LogEntry &r = outgoing ? *outgoing : source;
    const QUrl url(r.url);
    QJsonArray query;
    const QUrlQuery items(url);
    for (const auto &[name, value] : items.queryItems(QUrl::FullyDecoded))
        query.append(QJsonObject{{u"name"_s, name}, {u"value"_s, value}});
    QJsonObject request{
        {u"method"_s, r.method.isEmpty() ? u"POST"_s : r.method},
        {u"url"_s, r.url},
        {u"httpVersion"_s, u"HTTP/1.1"_s},
        {u"cookies"_s, QJsonArray()},
        {u"headers"_s, harHeaders(r.requestHeaders)},
        {u"queryString"_s, query},
        {u"headersSize"_s, -1},
        {u"bodySize"_s, r.requestBody.isEmpty() ? 0 : r.requestBody.toUtf8().size()},
    };
    if (!r.requestBody.isEmpty()) {
        request.insert(u"postData"_s, QJsonObject{
                                         {u"mimeType"_s, mimeTypeOf(r.requestHeaders, r.requestBody)},
                                         {u"text"_s, r.requestBody},
                                     });
    }
    return request;
}

QJsonObject harResponse(const LogEntry *answer)
{
    const int status = answer ? answer->httpStatus : 0;
    const QString body = answer ? answer->responseBody : QString();
    const QList<Header> headers = answer ? answer->responseHeaders : QList<Header>();
    const qsizetype size = body.toUtf8().size();
    return QJsonObject{
        {u"status"_s, status},
        {u"statusText"_s, httpReasonPhrase(status)},
        {u"httpVersion"_s, status > 0 ? u"HTTP/1.1"_s : QString()},
        {u"cookies"_s, QJsonArray()},
        {u"headers"_s, harHeaders(headers)},
        {u"content"_s, QJsonObject{{u"size"_s, size}, {u"mimeType"_s, mimeTypeOf(headers, body)}, {u"text"_s, body}}},
        {u"redirectURL"_s, headerValue(headers, u"location")},
        {u"headersSize"_s, -1},
        {u"bodySize"_s, status > 0 ? size : qsizetype(-1)},
    };
}

QJsonObject harEntry(const HarItem &item)
{
    const LogEntry &main = item.response ? *item.response : *item.request;
    const qint64 time = std::max<qint64>(0, main.durationMs);
    // The request's own stamp when there is one; an answer alone started `time` before it.
    const QDateTime started = item.request ? item.request->timestamp : main.timestamp.addMSecs(-time);
    QJsonObject capiqa{{u"id"_s, qint64(main.id)}, {u"direction"_s, directionName(main.direction)}};
    if (main.sendId != 0)
        capiqa.insert(u"send_id"_s, qint64(main.sendId));
    if (main.attempt > 0)
        capiqa.insert(u"attempt"_s, main.attempt);
    if (!main.profile.isEmpty())
        capiqa.insert(u"profile"_s, main.profile);
    if (main.eventCount > 0)
        capiqa.insert(u"events"_s, main.eventCount);
    if (!main.fbtraceId.isEmpty())
        capiqa.insert(u"fbtrace_id"_s, main.fbtraceId);
    if (!main.message.isEmpty())
        capiqa.insert(u"message"_s, main.message);
    if (main.truncated || (item.request && item.request->truncated))
        capiqa.insert(u"truncated"_s, true);

    QJsonObject entry{
        {u"startedDateTime"_s, isoTime(started)},
        {u"time"_s, time},
        {u"request"_s, harRequest(main, item.request)},
        {u"response"_s, harResponse(item.response)},
        {u"cache"_s, QJsonObject()},
        {u"timings"_s, QJsonObject{{u"send"_s, 0}, {u"wait"_s, time}, {u"receive"_s, 0}}},
        {u"_capiqa"_s, capiqa},
    };
    if (!item.response)
        entry.insert(u"_error"_s, u"no answer recorded for this request"_s);
    else if (!item.response->error.isEmpty())
        entry.insert(u"_error"_s, item.response->error);
    return entry;
}

// Pairs requests with their answers, in request order. A client's request and answer share
// send id and attempt; everything without a send id stands alone.
QList<HarItem> harItems(const QList<LogEntry> &entries, qsizetype *skipped)
{
    QList<HarItem> items;
    QHash<std::pair<quint64, int>, qsizetype> open; // (send id, attempt) → unanswered item
    for (const LogEntry &e : entries) {
        const std::pair<quint64, int> key{e.sendId, e.attempt};
        if (e.direction == Direction::Outgoing) {
            items.append(HarItem{&e, nullptr});
            if (e.sendId != 0)
                open.insert(key, items.size() - 1);
        } else if (e.direction == Direction::Incoming) {
            const auto it = e.sendId != 0 ? open.find(key) : open.end();
            if (it != open.end()) {
                items[*it].response = &e;
                open.erase(it);
            } else {
                items.append(HarItem{nullptr, &e});
            }
        } else {
            ++*skipped;
        }
    }
    return items;
}

} // namespace

std::optional<ExportFormat> exportFormatForPath(const QString &path)
{
    if (path.endsWith(u".har"_s, Qt::CaseInsensitive))
        return ExportFormat::Har;
    for (const QString &ext : {u".jsonl"_s, u".ndjson"_s, u".json"_s}) {
        if (path.endsWith(ext, Qt::CaseInsensitive))
            return ExportFormat::JsonLines;
    }
    return std::nullopt;
}

ExportResult writeJsonLines(QIODevice &out, const QList<LogEntry> &entries)
{
    ExportResult result;
    std::string line;
    for (const LogEntry &e : entries) {
        line.clear();
        io::JsonLine(line)
            .add("id", qint64(e.id))
            .add("time", utf8(isoTime(e.timestamp)))
            .add("level", utf8(levelName(e.level)))
            .add("direction", utf8(directionName(e.direction)))
            .add("send_id", qint64(e.sendId))
            .add("profile", utf8(e.profile))
            .add("message", utf8(e.message))
            .add("method", utf8(e.method))
            .add("url", utf8(e.url))
            .add("http_status", qint64(e.httpStatus))
            .add("events", qint64(e.eventCount))
            .add("duration_ms", e.durationMs)
            .add("fbtrace_id", utf8(e.fbtraceId))
            .add("error", utf8(e.error))
            .add("attempt", qint64(e.attempt))
            .add("truncated", e.truncated)
            .addRaw("request_headers", headersJson(e.requestHeaders))
            .add("request_body", utf8(e.requestBody))
            .addRaw("response_headers", headersJson(e.responseHeaders))
            .add("response_body", utf8(e.responseBody))
            .finish();
        if (!writeAll(out, line)) {
            result.error = writeError(out);
            return result;
        }
        ++result.written;
    }
    return result;
}

ExportResult writeHar(QIODevice &out, const QList<LogEntry> &entries)
{
    ExportResult result;
    const QList<HarItem> items = harItems(entries, &result.skipped);
    const QJsonObject creator{{u"name"_s, u"capiqa"_s}, {u"version"_s, buildinfo::version()}};
    QByteArray head = "{\"log\":{\"version\":\"1.2\",\"creator\":"_ba
        + QJsonDocument(creator).toJson(QJsonDocument::Compact) + ",\"pages\":[],\"entries\":[\n"_ba;
    if (!writeAll(out, head)) {
        result.error = writeError(out);
        return result;
    }
    for (const HarItem &item : items) {
        QByteArray bytes = QJsonDocument(harEntry(item)).toJson(QJsonDocument::Compact);
        if (result.written > 0)
            bytes.prepend(",\n");
        if (!writeAll(out, bytes)) {
            result.error = writeError(out);
            return result;
        }
        ++result.written;
    }
    if (!writeAll(out, "\n]}}\n"_ba))
        result.error = writeError(out);
    return result;
}

ExportResult exportToFile(const QString &path, ExportFormat format, const QList<LogEntry> &entries)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return ExportResult{0, 0, path + u": cannot write: "_s + file.errorString()};
    ExportResult result = format == ExportFormat::Har ? writeHar(file, entries) : writeJsonLines(file, entries);
    if (!result.ok()) {
        file.cancelWriting();
        result.error = path + u": "_s + result.error;
        return result;
    }
    if (!file.commit())
        result.error = path + u": cannot write: "_s + file.errorString();
    return result;
}

} // namespace capiqa::log
