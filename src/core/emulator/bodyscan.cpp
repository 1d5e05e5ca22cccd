#include "bodyscan.h"

#include <cstring>

namespace capiqa::emulator::detail {

namespace {

/// Qt's JSON parser refuses documents nested deeper than this.
constexpr int MaxDepth = 1024;

/// A cursor over the body that only moves forward; every step checks the bounds.
class Scanner final
{
public:
    explicit Scanner(QByteArrayView json) : m_p(json.data()), m_begin(json.data()), m_end(json.data() + json.size()) {}

    qsizetype offset() const { return m_p - m_begin; }
    bool atEnd() const { return m_p == m_end; }
    char peek() const { return m_p < m_end ? *m_p : '\0'; }

    void skipSpace()
    {
        while (m_p < m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
            ++m_p;
    }

    bool take(char c)
    {
        skipSpace();
        if (m_p < m_end && *m_p == c) {
            ++m_p;
            return true;
        }
        return false;
    }

    /// A string starting at the opening quote; `raw` gets its bytes between the quotes and
    /// `escaped` whether it held a backslash. Jumps from quote to quote (memchr): the body is
    /// mostly long strings (hashes, user agents), and the parser that accepted it has checked
    /// what is inside them.
    bool string(QByteArrayView *raw = nullptr, bool *escaped = nullptr)
    {
        if (m_p >= m_end || *m_p != '"')
            return false;
        const char *start = ++m_p;
        for (;;) {
            const void *hit = std::memchr(m_p, '"', size_t(m_end - m_p));
            if (!hit)
                return false;
            const char *quote = static_cast<const char *>(hit);
            // Escaped when an odd number of backslashes precede it.
            qsizetype backslashes = 0;
            for (const char *b = quote; b > start && b[-1] == '\\'; --b)
                ++backslashes;
            m_p = quote + 1;
            if (backslashes % 2 == 0) {
                if (raw)
                    *raw = QByteArrayView(start, quote - start);
                if (escaped)
                    *escaped = std::memchr(start, '\\', size_t(quote - start)) != nullptr;
                return true;
            }
        }
    }

    /// Any value; objects and arrays with everything inside them.
    bool value(int depth)
    {
        skipSpace();
        if (m_p >= m_end)
            return false;
        switch (*m_p) {
        case '"': return string();
        case '{': return container('}', depth + 1);
        case '[': return container(']', depth + 1);
        default: return scalar();
        }
    }

private:
    bool container(char close, int depth)
    {
        if (depth > MaxDepth)
            return false;
        ++m_p; // the opening bracket
        if (take(close))
            return true;
        do {
            if (close == '}') {
                skipSpace();
                if (!string() || !take(':'))
                    return false;
            }
            if (!value(depth))
                return false;
        } while (take(','));
        return take(close);
    }

    /// true, false, null or a number: the bytes that may form one; the parser that accepted
    /// the body has checked their order.
    bool scalar()
    {
        const char *start = m_p;
        while (m_p < m_end) {
            const char c = *m_p;
            const bool part = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '-' || c == '+' || c == '.'
                || c == 'E';
            if (!part)
                break;
            ++m_p;
        }
        return m_p > start;
    }

    const char *m_p;
    const char *m_begin;
    const char *m_end;
};

/// Whether an escaped key could decode to "data": only letters, written plainly or as \uXXXX,
/// can; any other escape (\", \n, \/, …) or character rules it out.
bool mayDecodeToData(QByteArrayView rawKey)
{
    for (qsizetype i = 0; i < rawKey.size(); ++i) {
        const char c = rawKey[i];
        if (c == '\\') {
            if (i + 1 >= rawKey.size() || rawKey[i + 1] != 'u')
                return false;
            continue; // the hex digits that follow are letters and digits
        }
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            return false;
    }
    return true;
}

} // namespace

std::optional<QList<ByteSpan>> dataObjectSpans(QByteArrayView json)
{
    Scanner s(json);
    if (!s.take('{'))
        return std::nullopt;
    QList<ByteSpan> spans;
    bool seenData = false;
    if (!s.take('}')) {
        do {
            s.skipSpace();
            QByteArrayView key;
            bool escaped = false;
            if (!s.string(&key, &escaped) || !s.take(':'))
                return std::nullopt;
            if (escaped && mayDecodeToData(key))
                return std::nullopt; // "d\u0061ta" is "data" too: leave such keys to Qt
            if (key != "data" || escaped) {
                if (!s.value(1))
                    return std::nullopt;
                continue;
            }
            if (seenData)
                return std::nullopt; // which of the two Qt keeps is Qt's business
            seenData = true;
            if (!s.take('['))
                return std::nullopt; // not a list: no events to point at
            if (s.take(']'))
                continue;
            do {
                s.skipSpace();
                const qsizetype begin = s.offset();
                const bool isObject = s.peek() == '{';
                if (!s.value(2))
                    return std::nullopt;
                if (isObject)
                    spans.append({begin, s.offset() - begin});
            } while (s.take(','));
            if (!s.take(']'))
                return std::nullopt;
        } while (s.take(','));
        if (!s.take('}'))
            return std::nullopt;
    }
    s.skipSpace();
    if (!s.atEnd())
        return std::nullopt;
    return spans;
}

} // namespace capiqa::emulator::detail
