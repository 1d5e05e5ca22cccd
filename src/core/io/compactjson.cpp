#include "compactjson.h"

#include <QtCore/QLocale>
#include <QtCore/QVariant>

#include <cmath>
#include <cstring>

namespace capiqa::io {

namespace {

/// Appends into a QByteArray through a raw pointer: the buffer grows by doubling and is cut to
/// size once at the end, instead of a size check and a possible reallocation per character.
class Sink final
{
public:
    explicit Sink(QByteArray &out) : m_out(out), m_size(out.size()) {}
    ~Sink() { m_out.truncate(m_size); }
    Sink(const Sink &) = delete;
    Sink &operator=(const Sink &) = delete;

    /// Room for `n` more bytes; the returned pointer is valid until the next reserve().
    char *reserve(qsizetype n)
    {
        if (m_size + n > m_out.size())
            m_out.resize(std::max<qsizetype>(m_out.size() * 2, m_size + n + 256));
        return m_out.data() + m_size;
    }
    void commit(qsizetype n) { m_size += n; }

    void put(char c)
    {
        *reserve(1) = c;
        ++m_size;
    }
    void put(const char *bytes, qsizetype n)
    {
        std::memcpy(reserve(n), bytes, std::size_t(n));
        m_size += n;
    }

private:
    QByteArray &m_out;
    qsizetype m_size;
};

constexpr char HexDigits[] = "0123456789abcdef";

char *putUnicodeEscape(char *p, char16_t u)
{
    *p++ = '\\';
    *p++ = 'u';
    *p++ = HexDigits[(u >> 12) & 0xf];
    *p++ = HexDigits[(u >> 8) & 0xf];
    *p++ = HexDigits[(u >> 4) & 0xf];
    *p++ = HexDigits[u & 0xf];
    return p;
}

/// A quoted JSON string, escaped exactly as Qt 6.4's writer does it.
void putString(Sink &sink, QStringView s)
{
    // At most 6 output bytes per UTF-16 unit ("\u001f", or an unpaired surrogate's escape).
    char *const start = sink.reserve(s.size() * 6 + 2);
    char *p = start;
    *p++ = '"';
    const char16_t *src = s.utf16();
    const char16_t *const end = src + s.size();
    while (src != end) {
        // Four plain ASCII units at a time (printable, not '"' or '\\'): most of a request is.
        while (end - src >= 4) {
            quint64 x;
            std::memcpy(&x, src, sizeof x);
            constexpr quint64 Ones = 0x0001000100010001ULL;
            constexpr quint64 Highs = 0x8000800080008000ULL;
            // A unit >= 0x80 or < 0x20, or equal to '"' or '\\', stops the fast path.
            const quint64 notAscii = x & 0xff80ff80ff80ff80ULL;
            const quint64 control = (x - Ones * 0x20) & ~x & Highs;
            const auto equals = [&](quint64 c) {
                const quint64 y = x ^ (Ones * c);
                return (y - Ones) & ~y & Highs;
            };
            if (notAscii | control | equals(u'"') | equals(u'\\'))
                break;
            p[0] = char(src[0]);
            p[1] = char(src[1]);
            p[2] = char(src[2]);
            p[3] = char(src[3]);
            p += 4;
            src += 4;
        }
        if (src == end)
            break;
        const char16_t u = *src++;
        if (u < 0x80) {
            if (u >= 0x20 && u != u'"' && u != u'\\') {
                *p++ = char(u);
                continue;
            }
            *p++ = '\\';
            switch (u) {
            case u'"': *p++ = '"'; break;
            case u'\\': *p++ = '\\'; break;
            case 0x8: *p++ = 'b'; break;
            case 0xc: *p++ = 'f'; break;
            case 0xa: *p++ = 'n'; break;
            case 0xd: *p++ = 'r'; break;
            case 0x9: *p++ = 't'; break;
            default:
                *p++ = 'u';
                *p++ = '0';
                *p++ = '0';
                *p++ = HexDigits[u >> 4];
                *p++ = HexDigits[u & 0xf];
            }
        } else if (u < 0x800) {
            *p++ = char(0xc0 | (u >> 6));
            *p++ = char(0x80 | (u & 0x3f));
        } else if (u < 0xd800 || u > 0xdfff) {
            *p++ = char(0xe0 | (u >> 12));
            *p++ = char(0x80 | ((u >> 6) & 0x3f));
            *p++ = char(0x80 | (u & 0x3f));
        } else if (u <= 0xdbff && src != end && *src >= 0xdc00 && *src <= 0xdfff) {
            const char32_t c = 0x10000 + ((char32_t(u) - 0xd800) << 10) + (char32_t(*src++) - 0xdc00);
            *p++ = char(0xf0 | (c >> 18));
            *p++ = char(0x80 | ((c >> 12) & 0x3f));
            *p++ = char(0x80 | ((c >> 6) & 0x3f));
            *p++ = char(0x80 | (c & 0x3f));
        } else {
            p = putUnicodeEscape(p, u); // an unpaired surrogate: Qt cannot encode it either
        }
    }
    *p++ = '"';
    sink.commit(p - start);
}

void putNumber(Sink &sink, const QJsonValueConstRef &v)
{
    // QJsonValue keeps whole numbers read from JSON as 64-bit integers and writes them in full;
    // a double is written shortest-round-trip ("1e+20"). Only toVariant() tells the two apart.
    const QVariant n = v.toVariant();
    if (n.typeId() == QMetaType::LongLong) {
        const QByteArray digits = QByteArray::number(n.toLongLong());
        sink.put(digits.constData(), digits.size());
        return;
    }
    const double d = n.toDouble();
    if (!std::isfinite(d)) {
        sink.put("null", 4);
        return;
    }
    const QByteArray text = QByteArray::number(d, 'g', QLocale::FloatingPointShortest);
    sink.put(text.constData(), text.size());
}

void putObject(Sink &sink, const QJsonObject &object);
void putArray(Sink &sink, const QJsonArray &array);

void putValue(Sink &sink, const QJsonValueConstRef &v)
{
    switch (v.type()) {
    case QJsonValue::Bool:
        if (v.toBool())
            sink.put("true", 4);
        else
            sink.put("false", 5);
        break;
    case QJsonValue::Double: putNumber(sink, v); break;
    case QJsonValue::String: putString(sink, v.toString()); break;
    case QJsonValue::Array: putArray(sink, v.toArray()); break;
    case QJsonValue::Object: putObject(sink, v.toObject()); break;
    case QJsonValue::Null:
    case QJsonValue::Undefined: sink.put("null", 4); break;
    }
}

void putObject(Sink &sink, const QJsonObject &object)
{
    sink.put('{');
    bool first = true;
    for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
        if (!first)
            sink.put(',');
        first = false;
        putString(sink, it.key());
        sink.put(':');
        putValue(sink, *it);
    }
    sink.put('}');
}

void putArray(Sink &sink, const QJsonArray &array)
{
    sink.put('[');
    bool first = true;
    for (auto it = array.constBegin(); it != array.constEnd(); ++it) {
        if (!first)
            sink.put(',');
        first = false;
        putValue(sink, *it);
    }
    sink.put(']');
}

} // namespace

QByteArray compactJson(const QJsonObject &object)
{
    // Request after request has about the same size: start where the last one ended, instead of
    // growing a megabyte body by doubling (each step a copy and fresh pages).
    thread_local qsizetype lastSize = 0;
    QByteArray out;
    out.reserve(lastSize + lastSize / 8);
    {
        Sink sink(out);
        putObject(sink, object);
    }
    lastSize = out.size();
    return out;
}

QByteArray compactJson(const QJsonArray &array)
{
    QByteArray out;
    {
        Sink sink(out);
        putArray(sink, array);
    }
    return out;
}

void appendCompactJson(QByteArray &out, const QJsonValue &value)
{
    Sink sink(out);
    switch (value.type()) {
    case QJsonValue::Object: putObject(sink, value.toObject()); break;
    case QJsonValue::Array: putArray(sink, value.toArray()); break;
    default: {
        const QJsonArray holder{value}; // a QJsonValueConstRef needs a container to live in
        putValue(sink, *holder.constBegin());
        break;
    }
    }
}

} // namespace capiqa::io
