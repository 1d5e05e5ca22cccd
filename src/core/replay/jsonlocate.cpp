#include "jsonlocate.h"

#include "io/json.h"

#include <algorithm>
#include <string>

using namespace Qt::StringLiterals;

namespace capiqa::replay {

namespace {

// A recursive-descent walk over JSON already known to be valid. Only values on the way to the
// target are given paths; everything else is skipped without allocating.
class Locator
{
public:
    Locator(const QByteArray &json, QStringView target)
        : m_data(json.constData())
        , m_size(json.size())
        , m_target(target)
    {
    }

    void run()
    {
        QString path;
        visit(path, 0);
    }

    qsizetype found = -1;
    qsizetype nearest = -1; ///< start of the deepest value whose path prefixes the target

private:
    void skipSpace()
    {
        while (m_pos < m_size && (m_data[m_pos] == ' ' || m_data[m_pos] == '\n' || m_data[m_pos] == '\r' || m_data[m_pos] == '\t'))
            ++m_pos;
    }

    bool isAncestor(const QString &path) const
    {
        if (path.isEmpty())
            return true;
        if (!m_target.startsWith(path) || m_target.size() == path.size())
            return false;
        const QChar next = m_target.at(path.size());
        return next == u'.' || next == u'[';
    }

    // The string at m_pos (on the opening quote), decoded; m_pos ends past the closing quote.
    QString readString()
    {
        ++m_pos;
        QByteArray bytes;
        while (m_pos < m_size && m_data[m_pos] != '"') {
            if (m_data[m_pos] == '\\' && m_pos + 1 < m_size) {
                const char e = m_data[++m_pos];
                if (e == 'u' && m_pos + 4 < m_size) {
                    bool ok = false;
                    const uint code = QByteArray(m_data + m_pos + 1, 4).toUInt(&ok, 16);
                    bytes += QString(QChar(char16_t(ok ? code : 0xFFFD))).toUtf8();
                    m_pos += 4;
                } else {
                    static constexpr char from[] = "bfnrt";
                    static constexpr char to[] = "\b\f\n\r\t";
                    const char *hit = std::char_traits<char>::find(from, 5, e);
                    bytes += hit ? to[hit - from] : e;
                }
            } else {
                bytes += m_data[m_pos];
            }
            ++m_pos;
        }
        ++m_pos;
        return QString::fromUtf8(bytes);
    }

    void skipString()
    {
        ++m_pos;
        while (m_pos < m_size && m_data[m_pos] != '"')
            m_pos += m_data[m_pos] == '\\' ? 2 : 1;
        ++m_pos;
    }

    // Skips one value; nested containers are counted, not recursed into.
    void skipValue()
    {
        skipSpace();
        if (m_pos >= m_size)
            return;
        const char c = m_data[m_pos];
        if (c == '"') {
            skipString();
            return;
        }
        if (c != '{' && c != '[') {
            while (m_pos < m_size && m_data[m_pos] != ',' && m_data[m_pos] != '}' && m_data[m_pos] != ']')
                ++m_pos;
            return;
        }
        int depth = 0;
        while (m_pos < m_size) {
            const char d = m_data[m_pos];
            if (d == '"') {
                skipString();
                continue;
            }
            if (d == '{' || d == '[')
                ++depth;
            else if ((d == '}' || d == ']') && --depth == 0) {
                ++m_pos;
                return;
            }
            ++m_pos;
        }
    }

    // True when the walk is over (the target was found).
    bool visit(const QString &path, int depth)
    {
        skipSpace();
        if (m_pos >= m_size || depth > 512)
            return true;
        if (path == m_target) {
            found = m_pos;
            return true;
        }
        if (!isAncestor(path)) {
            skipValue();
            return false;
        }
        nearest = m_pos;
        const char open = m_data[m_pos];
        if (open != '{' && open != '[') {
            skipValue();
            return false;
        }
        ++m_pos;
        for (qsizetype index = 0;; ++index) {
            skipSpace();
            if (m_pos >= m_size)
                return true;
            if (m_data[m_pos] == '}' || m_data[m_pos] == ']') {
                ++m_pos;
                return false;
            }
            if (m_data[m_pos] == ',') {
                ++m_pos;
                skipSpace();
            }
            QString child;
            if (open == '{') {
                const QString key = readString();
                skipSpace();
                ++m_pos; // ':'
                child = path.isEmpty() ? key : path + u'.' + key;
            } else {
                child = path + u'[' + QString::number(index) + u']';
            }
            if (visit(child, depth + 1))
                return true;
        }
    }

    const char *m_data;
    qsizetype m_size;
    qsizetype m_pos = 0;
    QStringView m_target;
};

} // namespace

qsizetype jsonValueOffset(const QByteArray &json, QStringView path)
{
    Locator locator(json, path);
    locator.run();
    return locator.found;
}

QString jsonPathPosition(const QByteArray &json, QStringView path, qint64 firstLine)
{
    Locator locator(json, path);
    locator.run();
    const qsizetype offset = locator.found >= 0 ? locator.found : std::max<qsizetype>(locator.nearest, 0);
    if (firstLine == 1)
        return io::lineAndColumn(json, offset);
    // One line of a JSON Lines file: the line number is the file's, the column the text's.
    const qsizetype column = QString::fromUtf8(json.constData(), std::min(offset, json.size())).size() + 1;
    return u"line %1, column %2"_s.arg(firstLine).arg(column);
}

} // namespace capiqa::replay
