// Pixel hits (facebook.com/tr) in any of their spellings: a GET query, a form POST, a multipart
// beacon; and the plain list of /tr URLs.
#include "readcontext.h"

#include "emulator/graphprotocol.h"
#include "io/linereader.h"

#include <QtCore/QIODevice>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

#include <zlib.h>

namespace capiqa::capture::detail {

using namespace Qt::StringLiterals;
using emulator::detail::FormFields;

namespace {

// Events the Pixel fires by itself (page structure, button clicks): no server ever sends them,
// so listing them as "browser only" would bury the real findings.
bool isAutomaticEvent(const QString &name)
{
    return name == "Microdata"_L1 || name == "SubscribedButtonClick"_L1;
}

std::optional<CapturedEvent> pixelFields(const FormFields &fields)
{
    CapturedEvent e;
    e.side = Side::Browser;
    e.timeUnit = TimeUnit::Missing;
    for (const auto &[key, value] : fields) {
        if (key == "id"_L1) {
            e.pixelId = value;
        } else if (key == "ev"_L1) {
            e.eventName = value;
        } else if (key == "eid"_L1) {
            e.eventId = value;
        } else if (key == "ts"_L1) {
            bool ok = false;
            const qint64 ts = value.toLongLong(&ok);
            if (ok) {
                setTime(e, ts);
            } else {
                e.timeUnit = TimeUnit::Invalid;
            }
        } else if (key == "cd[value]"_L1) {
            bool ok = false;
            const double v = value.toDouble(&ok);
            if (ok) {
                e.value = v;
                e.hasValue = true;
            }
        } else if (key == "cd[currency]"_L1) {
            e.currency = value;
        }
    }
    if (e.pixelId.isEmpty() || e.eventName.isEmpty() || isAutomaticEvent(e.eventName))
        return std::nullopt;
    return e;
}

QByteArrayView boundaryOf(QByteArrayView contentType, QByteArrayView body)
{
    const qsizetype at = contentType.indexOf("boundary=");
    if (at >= 0) {
        QByteArrayView b = contentType.sliced(at + 9);
        if (const qsizetype semi = b.indexOf(';'); semi >= 0)
            b = b.first(semi);
        b = b.trimmed();
        if (b.size() >= 2 && b.startsWith('"') && b.endsWith('"'))
            b = b.sliced(1, b.size() - 2);
        return b;
    }
    // Some exports drop the header; the body's first line names the boundary anyway.
    if (body.startsWith("--")) {
        const qsizetype eol = body.indexOf('\n');
        if (eol > 2)
            return body.sliced(2, eol - 2).trimmed();
    }
    return {};
}

FormFields parseMultipart(QByteArrayView body, QByteArrayView contentType)
{
    FormFields fields;
    const QByteArrayView boundary = boundaryOf(contentType, body);
    if (boundary.isEmpty())
        return fields;
    const QByteArray delimiter = "--" + boundary.toByteArray();
    qsizetype pos = body.indexOf(delimiter);
    while (pos >= 0) {
        const qsizetype partStart = pos + delimiter.size();
        if (body.sliced(partStart).startsWith("--"))
            break;
        qsizetype headersEnd = body.indexOf("\r\n\r\n", partStart);
        qsizetype valueStart = headersEnd + 4;
        if (headersEnd < 0) {
            headersEnd = body.indexOf("\n\n", partStart);
            valueStart = headersEnd + 2;
        }
        if (headersEnd < 0)
            break;
        const qsizetype next = body.indexOf(delimiter, valueStart);
        if (next < 0)
            break;
        QByteArrayView value = body.sliced(valueStart, next - valueStart);
        if (value.endsWith("\r\n"))
            value.chop(2);
        else if (value.endsWith('\n'))
            value.chop(1);
        const QByteArrayView headers = body.sliced(partStart, headersEnd - partStart);
        if (const qsizetype nameAt = headers.indexOf("name=\""); nameAt >= 0) {
            const qsizetype nameEnd = headers.indexOf('"', nameAt + 6);
            if (nameEnd > nameAt)
                fields.append({QString::fromUtf8(headers.sliced(nameAt + 6, nameEnd - nameAt - 6)), QString::fromUtf8(value)});
        }
        pos = next;
    }
    return fields;
}

} // namespace

bool isPixelUrl(QByteArrayView url)
{
    qsizetype pathEnd = url.indexOf('?');
    if (pathEnd < 0)
        pathEnd = url.indexOf('#');
    const QByteArrayView path = pathEnd < 0 ? url : url.first(pathEnd);
    return path.endsWith("/tr") || path.endsWith("/tr/");
}

// A hit carries some 25 parameters and the dedup checker needs six: compare the raw keys and
// decode only the values that are kept (a million-line URL list would otherwise decode 50
// million strings).
std::optional<CapturedEvent> pixelEvent(QByteArrayView query)
{
    static const QByteArrayView wanted[] = {"id", "ev", "eid", "ts", "cd[value]", "cd[currency]", "cd%5Bvalue%5D", "cd%5Bcurrency%5D",
                                            "cd%5bvalue%5d", "cd%5bcurrency%5d"};
    FormFields fields;
    qsizetype from = 0;
    while (from <= query.size()) {
        qsizetype to = query.indexOf('&', from);
        if (to < 0)
            to = query.size();
        const QByteArrayView pair = query.sliced(from, to - from);
        from = to + 1;
        const qsizetype eq = pair.indexOf('=');
        const QByteArrayView key = eq < 0 ? pair : pair.first(eq);
        if (std::find(std::begin(wanted), std::end(wanted), key) == std::end(wanted)) {
            if (!key.contains('%') && !key.contains('+'))
                continue;
            // An unusual spelling of a key: decode the pair the general way.
            const FormFields decoded = emulator::detail::parseForm(pair);
            fields.append(decoded);
            continue;
        }
        const QByteArrayView value = eq < 0 ? QByteArrayView() : pair.sliced(eq + 1);
        QString text;
        if (value.contains('%') || value.contains('+')) {
            QByteArray v = value.toByteArray();
            v.replace('+', ' ');
            text = QString::fromUtf8(QByteArray::fromPercentEncoding(v));
        } else {
            text = QString::fromUtf8(value);
        }
        fields.append({key.startsWith("cd%") ? (key.size() > 14 ? u"cd[currency]"_s : u"cd[value]"_s) : QString::fromLatin1(key), text});
    }
    return pixelFields(fields);
}

std::optional<CapturedEvent> pixelEventFromBody(QByteArrayView body, QByteArrayView contentType)
{
    if (contentType.contains("multipart/") || body.startsWith("--"))
        return pixelFields(parseMultipart(body, contentType));
    const QByteArrayView trimmed = body.trimmed();
    if (trimmed.startsWith('{')) {
        const QJsonObject o = QJsonDocument::fromJson(trimmed.toByteArray()).object();
        FormFields fields;
        for (auto it = o.begin(); it != o.end(); ++it)
            fields.append({it.key(), it->isString() ? it->toString() : it->toVariant().toString()});
        return pixelFields(fields);
    }
    return pixelFields(emulator::detail::parseForm(trimmed));
}

std::optional<QByteArray> inflate(QByteArrayView data, qsizetype maxBytes)
{
    z_stream zs{};
    // 15 + 32: a zlib or gzip header, detected from the data.
    if (inflateInit2(&zs, 15 + 32) != Z_OK)
        return std::nullopt;
    QByteArray out;
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.data()));
    zs.avail_in = uInt(data.size());
    int rc = Z_OK;
    while (rc == Z_OK) {
        if (out.size() >= maxBytes) {
            rc = Z_BUF_ERROR;
            break;
        }
        const qsizetype before = out.size();
        out.resize(before + 64 * 1024);
        zs.next_out = reinterpret_cast<Bytef *>(out.data() + before);
        zs.avail_out = 64 * 1024;
        rc = ::inflate(&zs, Z_NO_FLUSH);
        out.resize(before + (64 * 1024 - qsizetype(zs.avail_out)));
        if (rc == Z_BUF_ERROR && zs.avail_in == 0)
            break; // truncated input
    }
    inflateEnd(&zs);
    if (rc != Z_STREAM_END)
        return std::nullopt;
    return out;
}

void readUrlList(QIODevice &device, ReadContext &context)
{
    io::LineReader reader(&device, 1 << 20);
    io::LineReader::Line line;
    while (reader.next(line)) {
        if (context.tick(line.offset))
            return;
        if (line.tooLong) {
            context.issue(line.number, line.offset, u"line of %1 bytes is too long for a /tr URL; skipped"_s.arg(line.length));
            continue;
        }
        const QByteArrayView text = QByteArrayView(line.text.data(), qsizetype(line.text.size())).trimmed();
        if (text.isEmpty() || text.startsWith('#'))
            continue;
        if (!isPixelUrl(text)) {
            if (text.contains("://") || text.startsWith('/'))
                context.ignore(); // another request in a list of URLs
            else
                context.issue(line.number, line.offset, u"not a URL: \"%1\""_s.arg(QString::fromUtf8(text.first(std::min<qsizetype>(text.size(), 60)))));
            continue;
        }
        const qsizetype q = text.indexOf('?');
        QByteArrayView query = q < 0 ? QByteArrayView() : text.sliced(q + 1);
        if (const qsizetype hash = query.indexOf('#'); hash >= 0)
            query = query.first(hash);
        std::optional<CapturedEvent> e = pixelEvent(query);
        if (!e) {
            context.ignore(); // a hit without id/ev, or an automatic event
            continue;
        }
        e->line = line.number;
        e->offset = line.offset;
        e->length = qint32(line.length);
        context.add(std::move(*e));
    }
    if (!reader.errorString().isEmpty())
        context.issue(0, -1, u"read error: "_s + reader.errorString());
}

} // namespace capiqa::capture::detail
