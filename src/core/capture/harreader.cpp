// HAR files, streamed: a byte scanner walks the JSON skeleton down to log.entries and cuts out
// one entry at a time, so memory holds one entry, never the file. Only entries that mention
// "/tr" are parsed at all.
#include "readcontext.h"

#include "io/json.h"

#include <QtCore/QDateTime>
#include <QtCore/QIODevice>
#include <QtCore/QJsonArray>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>
#include <QtCore/QUrl>

namespace capiqa::capture::detail {

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype ChunkBytes = 1 << 20;
// An entry larger than this is almost always a big response body (a video, a bundle); its head
// (where the request sits) is kept, the rest is counted and dropped.
constexpr qsizetype MaxEntryBytes = 32 << 20;
constexpr qsizetype MaxBodyBytes = 16 << 20;

struct EntryText
{
    QByteArray bytes;
    qint64 offset = 0;
    qint64 line = 0;
    qint64 size = 0; ///< the whole entry, even when bytes holds only its head
    qint64 index = 0;
};

// Where in the file a parse error inside an entry is.
std::pair<qint64, qint64> positionIn(const EntryText &entry, qsizetype errorOffset)
{
    const QByteArrayView before = QByteArrayView(entry.bytes).first(std::clamp<qsizetype>(errorOffset, 0, entry.bytes.size()));
    return {entry.line + before.count('\n'), entry.offset + errorOffset};
}

QByteArray bodyBytes(const QJsonObject &postData, const QJsonArray &headers, const EntryText &entry, ReadContext &context,
                     bool *failed)
{
    QByteArray body = postData.value("text"_L1).toString().toUtf8();
    const QString encoding = postData.value("encoding"_L1).toString();
    if (encoding.compare("base64"_L1, Qt::CaseInsensitive) == 0) {
        const auto decoded = QByteArray::fromBase64Encoding(body, QByteArray::AbortOnBase64DecodingErrors);
        if (!decoded) {
            context.issue(entry.line, entry.offset, u"HAR entry %1: postData says base64 but is not valid base64; skipped"_s.arg(entry.index));
            *failed = true;
            return {};
        }
        body = *decoded;
    }
    bool gzipped = body.startsWith("\x1f\x8b");
    for (const QJsonValue &h : headers) {
        const QJsonObject o = h.toObject();
        if (o.value("name"_L1).toString().compare("content-encoding"_L1, Qt::CaseInsensitive) == 0)
            gzipped = gzipped || o.value("value"_L1).toString().contains("gzip"_L1) || o.value("value"_L1).toString().contains("deflate"_L1);
    }
    if (gzipped && !body.isEmpty()) {
        const std::optional<QByteArray> inflated = inflate(body, MaxBodyBytes);
        if (!inflated) {
            context.issue(entry.line, entry.offset,
                          u"HAR entry %1: the request body is compressed but cannot be inflated (truncated or not gzip); skipped"_s.arg(entry.index));
            *failed = true;
            return {};
        }
        body = *inflated;
    }
    return body;
}

bool looksBinary(QByteArrayView body)
{
    return body.contains('\0') || !body.isValidUtf8();
}

void readEntry(EntryText &entry, ReadContext &context)
{
    if (entry.size > qint64(entry.bytes.size())) {
        if (entry.bytes.contains("/tr"))
            context.issue(entry.line, entry.offset, u"HAR entry %1 is %2 MiB, too large to be a Pixel hit; skipped"_s
                                                        .arg(entry.index)
                                                        .arg(entry.size >> 20));
        else
            context.ignore();
        return;
    }
    // Cheap filter first: most of a HAR is scripts, images and XHRs that never mention /tr.
    if (!entry.bytes.contains("/tr")) {
        context.ignore();
        return;
    }
    QJsonParseError error;
    const QJsonDocument doc = io::parseJson(entry.bytes, &error);
    if (error.error != QJsonParseError::NoError) {
        const auto [line, offset] = positionIn(entry, error.offset);
        context.issue(line, offset, u"HAR entry %1 is not valid JSON (%2); skipped"_s.arg(entry.index).arg(error.errorString()));
        return;
    }
    if (!doc.isObject()) {
        context.issue(entry.line, entry.offset, u"HAR entry %1 is not an object; skipped"_s.arg(entry.index));
        return;
    }
    const QJsonObject request = doc.object().value("request"_L1).toObject();
    const QJsonValue urlValue = request.value("url"_L1);
    if (!urlValue.isString()) {
        context.issue(entry.line, entry.offset, u"HAR entry %1 has no request.url string; skipped"_s.arg(entry.index));
        return;
    }
    const QByteArray url = urlValue.toString().toUtf8();
    if (!isPixelUrl(url)) {
        context.ignore();
        return;
    }
    const qsizetype q = url.indexOf('?');
    QByteArrayView query = q < 0 ? QByteArrayView() : QByteArrayView(url).sliced(q + 1);
    if (const qsizetype hash = query.indexOf('#'); hash >= 0)
        query = query.first(hash);

    std::optional<CapturedEvent> event;
    const QString method = request.value("method"_L1).toString();
    const QJsonObject postData = request.value("postData"_L1).toObject();
    if (method.compare("POST"_L1, Qt::CaseInsensitive) == 0 && !postData.isEmpty()) {
        bool failed = false;
        const QByteArray body = bodyBytes(postData, request.value("headers"_L1).toArray(), entry, context, &failed);
        if (failed)
            return;
        if (!body.isEmpty() && looksBinary(body)) {
            context.issue(entry.line, entry.offset, u"HAR entry %1: the /tr request body is binary, not a form; skipped"_s.arg(entry.index));
            return;
        }
        const QByteArray mime = postData.value("mimeType"_L1).toString().toUtf8();
        if (!body.trimmed().isEmpty()) {
            // The URL may carry some fields (id, ev) and the body the rest.
            QByteArray merged = query.toByteArray();
            if (mime.contains("multipart/") || body.startsWith("--")) {
                event = pixelEventFromBody(body, mime);
            } else {
                if (!merged.isEmpty())
                    merged += '&';
                merged += body.trimmed();
                event = pixelEventFromBody(merged, mime);
            }
        } else {
            // Chrome and Firefox also list form fields as postData.params.
            QByteArray form = query.toByteArray();
            for (const QJsonValue &p : postData.value("params"_L1).toArray()) {
                const QJsonObject o = p.toObject();
                form += '&' + QUrl::toPercentEncoding(o.value("name"_L1).toString()) + '='
                    + QUrl::toPercentEncoding(o.value("value"_L1).toString());
            }
            event = pixelEvent(form);
        }
    } else {
        event = pixelEvent(query);
    }
    if (!event) {
        context.ignore();
        return;
    }
    if (event->timeUnit == TimeUnit::Missing) {
        // No ts (a noscript image): the browser's own start time of the request stands in.
        const QDateTime started = QDateTime::fromString(doc.object().value("startedDateTime"_L1).toString(), Qt::ISODateWithMs);
        if (started.isValid())
            event->timeMs = started.toMSecsSinceEpoch();
    }
    event->line = entry.line;
    event->offset = entry.offset;
    event->length = qint32(entry.bytes.size());
    context.add(std::move(*event));
}

// The skeleton scanner: tracks strings, nesting and the keys of the first two levels.
class HarScanner final
{
public:
    explicit HarScanner(ReadContext &context) : m_context(context) {}

    void feed(const char *data, qsizetype size);
    void finish();

private:
    void endEntry();

    ReadContext &m_context;
    qint64 m_offset = 0; // of the next byte fed
    qint64 m_line = 1;
    int m_depth = 0;
    bool m_inString = false;
    bool m_escape = false;
    QByteArray m_string;      // a short string at depth 1 or 2 (a key we may need)
    QByteArray m_keys[3];     // the last key seen at depth 1 and 2
    QByteArray m_pendingKey;
    bool m_inEntries = false;
    bool m_entriesSeen = false;
    bool m_entriesClosed = false;
    int m_entriesDepth = 0;
    bool m_inEntry = false;
    EntryText m_entry;
    qint64 m_entryCount = 0;
};

void HarScanner::feed(const char *data, qsizetype size)
{
    qsizetype entryFrom = 0; // where the current entry's bytes start in this chunk
    for (qsizetype i = 0; i < size; ++i) {
        const char c = data[i];
        if (c == '\n')
            ++m_line;
        if (m_inString) {
            if (m_escape) {
                m_escape = false;
            } else if (c == '\\') {
                m_escape = true;
            } else if (c == '"') {
                m_inString = false;
                m_pendingKey = m_string;
            } else if (!m_inEntry && m_depth <= 2 && m_string.size() < 32) {
                m_string += c;
            }
            continue;
        }
        switch (c) {
        case '"':
            m_inString = true;
            m_string.clear();
            break;
        case ':':
            if (m_depth >= 1 && m_depth <= 2)
                m_keys[m_depth] = m_pendingKey;
            break;
        case '{':
        case '[':
            ++m_depth;
            if (!m_inEntries && !m_entriesClosed && c == '[' && m_depth == 3 && m_keys[1] == "log" && m_keys[2] == "entries") {
                m_inEntries = true;
                m_entriesSeen = true;
                m_entriesDepth = m_depth;
            } else if (m_inEntries && !m_inEntry && m_depth == m_entriesDepth + 1) {
                m_inEntry = true;
                m_entry = EntryText{};
                m_entry.offset = m_offset + i;
                m_entry.line = m_line;
                m_entry.index = ++m_entryCount;
                entryFrom = i;
            }
            break;
        case '}':
        case ']':
            if (m_inEntry && m_depth == m_entriesDepth + 1) {
                const qsizetype n = i + 1 - entryFrom;
                m_entry.size += n;
                if (m_entry.bytes.size() + n <= MaxEntryBytes)
                    m_entry.bytes.append(data + entryFrom, n);
                m_inEntry = false;
                endEntry();
            } else if (m_inEntries && m_depth == m_entriesDepth) {
                m_inEntries = false;
                m_entriesClosed = true;
            }
            --m_depth;
            break;
        default:
            break;
        }
    }
    if (m_inEntry) {
        const qsizetype n = size - entryFrom;
        m_entry.size += n;
        if (m_entry.bytes.size() + n <= MaxEntryBytes)
            m_entry.bytes.append(data + entryFrom, n);
    }
    m_offset += size;
}

void HarScanner::endEntry()
{
    readEntry(m_entry, m_context);
    m_entry.bytes.clear();
}

void HarScanner::finish()
{
    if (m_inEntry) {
        m_context.issue(m_entry.line, m_entry.offset,
                        u"the file ends inside HAR entry %1 (it is truncated); the %2 entries before it were read"_s
                            .arg(m_entry.index)
                            .arg(m_entry.index - 1));
        m_entry.bytes.clear();
    } else if (!m_entriesSeen) {
        m_context.issue(0, m_offset, u"no log.entries array: this is not a HAR file (or it is cut before its entries)"_s);
    } else if (m_inEntries) {
        m_context.issue(m_line, m_offset, u"the file ends inside log.entries (it is truncated); the %1 whole entries were read"_s.arg(m_entryCount));
    }
}

} // namespace

void readHar(QIODevice &device, ReadContext &context)
{
    HarScanner scanner(context);
    QByteArray chunk(ChunkBytes, Qt::Uninitialized);
    qint64 done = 0;
    for (;;) {
        const qint64 n = device.read(chunk.data(), chunk.size());
        if (n < 0) {
            context.issue(0, done, u"read error: "_s + device.errorString());
            break;
        }
        if (n == 0)
            break;
        scanner.feed(chunk.constData(), qsizetype(n));
        done += n;
        if (context.tick(done))
            return;
    }
    scanner.finish();
}

} // namespace capiqa::capture::detail
