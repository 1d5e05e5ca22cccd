#include "linereader.h"

#include <QtCore/QIODevice>

#include <cstring>

namespace capiqa::io {

namespace {
constexpr qsizetype ChunkSize = 1 << 20;
}

LineReader::LineReader(QIODevice *device, qint64 maxLineBytes)
    : m_device(device)
    , m_maxLine(maxLineBytes)
{
    m_buffer.resize(qsizetype(std::min<qint64>(maxLineBytes, 64 * 1024 * 1024)) + ChunkSize);
}

LineReader::~LineReader() = default;

// Moves the unread tail to the front and reads more after it. False when nothing more can come.
bool LineReader::fill()
{
    if (m_eof)
        return false;
    if (m_begin > 0) {
        std::memmove(m_buffer.data(), m_buffer.constData() + m_begin, std::size_t(m_end - m_begin));
        m_end -= m_begin;
        m_base += m_begin;
        m_begin = 0;
    }
    // A chunk at a time, not the whole buffer: the bytes are still in the cache when the lines
    // are read, and the room kept for a long line is only touched when one comes.
    const qsizetype room = std::min(m_buffer.size() - m_end, ChunkSize);
    if (room <= 0)
        return false;
    const qint64 n = m_device->read(m_buffer.data() + m_end, room);
    if (n < 0) {
        m_error = m_device->errorString();
        m_eof = true;
        return false;
    }
    if (n == 0) {
        // QFile blocks on pipes and terminals, so 0 means the end of the stream.
        m_eof = true;
        return false;
    }
    m_end += qsizetype(n);
    return true;
}

bool LineReader::next(Line &line)
{
    bool skipping = false;
    qint64 skipped = 0;
    line.offset = m_base + m_begin;
    for (;;) {
        const char *start = m_buffer.constData() + m_begin;
        const auto *nl = static_cast<const char *>(std::memchr(start, '\n', std::size_t(m_end - m_begin)));
        if (nl) {
            const qsizetype len = qsizetype(nl - start);
            const qsizetype next = m_begin + len + 1;
            ++m_lineNumber;
            line.number = m_lineNumber;
            if (skipping || len > m_maxLine) {
                line.tooLong = true;
                line.length = skipped + len;
                line.text = {};
            } else {
                const qsizetype textLen = (len > 0 && start[len - 1] == '\r') ? len - 1 : len;
                line.tooLong = false;
                line.length = textLen;
                line.text = std::string_view(start, std::size_t(textLen));
            }
            m_begin = next;
            return true;
        }
        const qsizetype pending = m_end - m_begin;
        if (pending > m_maxLine) {
            // Drop what we have of an over-long line and keep counting until its newline.
            skipping = true;
            skipped += pending;
            m_begin = m_end;
        }
        if (!fill()) {
            if (m_end > m_begin || skipping) {
                const qsizetype len = m_end - m_begin;
                ++m_lineNumber;
                line.number = m_lineNumber;
                if (skipping || len > m_maxLine) {
                    line.tooLong = true;
                    line.length = skipped + len;
                    line.text = {};
                } else {
                    const char *s = m_buffer.constData() + m_begin;
                    const qsizetype textLen = (len > 0 && s[len - 1] == '\r') ? len - 1 : len;
                    line.tooLong = false;
                    line.length = textLen;
                    line.text = std::string_view(s, std::size_t(textLen));
                }
                m_begin = m_end;
                return true;
            }
            return false;
        }
    }
}

} // namespace capiqa::io
