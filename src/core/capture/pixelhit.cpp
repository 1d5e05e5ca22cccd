// Pixel hits (facebook.com/tr) in any of their spellings: a GET query, a form POST, a multipart
// beacon; and the plain list of /tr URLs.
#include "readcontext.h"

#include "emulator/graphprotocol.h"
#include "io/linereader.h"

#include <QtCore/QIODevice>
#include <QtCore/QJsonDocument>
#include <QtCore/QJsonObject>

#include <zlib.h>

#include <charconv>
#include <cstring>

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

namespace {

bool isDigits(QByteArrayView text, qsizetype maxDigits)
{
    return !text.isEmpty() && text.size() <= maxDigits && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "12", "12.50": the only spellings read here; QString::toDouble takes every other one.
bool isPlainDecimal(QByteArrayView text)
{
    const qsizetype dot = text.indexOf('.');
    return dot < 0 ? isDigits(text, 17) : isDigits(text.first(dot), 17) && isDigits(text.sliced(dot + 1), 17);
}

enum Field { Id, Ev, Eid, Ts, Value, Currency, FieldCount };

int fieldOf(QByteArrayView key)
{
    const auto is = [&](const char *name) { return std::memcmp(key.data(), name, size_t(key.size())) == 0; };
    switch (key.size()) {
    case 2: return is("id") ? Id : is("ev") ? Ev : is("ts") ? Ts : -1;
    case 3: return is("eid") ? Eid : -1;
    case 9: return is("cd[value]") ? Value : -1;
    case 12: return is("cd[currency]") ? Currency : -1;
    default: return -1;
    }
}

bool isEncoded(QByteArrayView text)
{
    return std::any_of(text.begin(), text.end(), [](char c) { return c == '%' || c == '+'; });
}

} // namespace

bool leanPixelEvent(QByteArrayView query, StringPool &pool, std::optional<CapturedEvent> &out)
{
    QByteArrayView values[FieldCount];
    bool seen[FieldCount] = {};
    const char *p = query.data();
    const char *const end = p + query.size();
    while (p < end) {
        const auto *amp = static_cast<const char *>(std::memchr(p, '&', size_t(end - p)));
        const char *pairEnd = amp ? amp : end;
        const auto *eq = static_cast<const char *>(std::memchr(p, '=', size_t(pairEnd - p)));
        const QByteArrayView key(p, (eq ? eq : pairEnd) - p);
        p = pairEnd + 1;
        if (isEncoded(key))
            return false; // an encoded key: pixelEvent decodes it
        const int f = fieldOf(key);
        if (f < 0)
            continue;
        const QByteArrayView value = eq ? QByteArrayView(eq + 1, pairEnd - eq - 1) : QByteArrayView();
        if (seen[f] || isEncoded(value))
            return false; // a repeated key or an encoded value: pixelEvent's order of reading
        seen[f] = true;
        values[f] = value;
    }
    const auto text = [](QByteArrayView v) { return QString::fromUtf8(v); };
    CapturedEvent e;
    e.side = Side::Browser;
    e.timeUnit = TimeUnit::Missing;
    e.pixelId = pool.intern(std::string_view(values[Id].data(), size_t(values[Id].size())));
    e.eventName = pool.intern(std::string_view(values[Ev].data(), size_t(values[Ev].size())));
    if (e.pixelId.isEmpty() || e.eventName.isEmpty() || isAutomaticEvent(e.eventName)) {
        out.reset();
        return true;
    }
    const QByteArrayView eid = values[Eid];
    e.eventId = std::all_of(eid.begin(), eid.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; })
        ? pool.ascii(std::string_view(eid.data(), size_t(eid.size())))
        : text(eid);
    if (seen[Ts]) {
        qint64 ts = 0;
        bool ok = isDigits(values[Ts], 18);
        if (ok)
            std::from_chars(values[Ts].data(), values[Ts].data() + values[Ts].size(), ts);
        else
            ts = text(values[Ts]).toLongLong(&ok);
        if (ok)
            setTime(e, ts);
        else
            e.timeUnit = TimeUnit::Invalid;
    }
    if (seen[Value]) {
        bool ok = isPlainDecimal(values[Value]);
        double v = 0;
        if (ok)
            std::from_chars(values[Value].data(), values[Value].data() + values[Value].size(), v);
        else
            v = text(values[Value]).toDouble(&ok);
        if (ok) {
            e.value = v;
            e.hasValue = true;
        }
    }
    e.currency = pool.intern(std::string_view(values[Currency].data(), size_t(values[Currency].size())));
    out = std::move(e);
    return true;
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
        std::optional<CapturedEvent> e;
        const bool interned = context.leanReaders() && leanPixelEvent(query, context.pool(), e);
        if (!interned)
            e = pixelEvent(query);
        if (!e) {
            context.ignore(); // a hit without id/ev, or an automatic event
            continue;
        }
        e->line = line.number;
        e->offset = line.offset;
        e->length = qint32(line.length);
        if (interned)
            context.addInterned(std::move(*e));
        else
            context.add(std::move(*e));
    }
    if (!reader.errorString().isEmpty())
        context.issue(0, -1, u"read error: "_s + reader.errorString());
}

} // namespace capiqa::capture::detail
