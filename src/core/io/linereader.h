#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QString>

#include <cstdio>
#include <memory>
#include <string_view>

class QIODevice;

namespace capiqa::io {

/// Reads a text stream line by line in constant memory, however large the stream or a line.
/// A line longer than the limit is not kept: it is reported as `tooLong` and skipped up to its
/// newline, so one bad line never stops (or exhausts memory for) the lines after it.
class LineReader final
{
public:
    struct Line {
        qint64 number = 0;      ///< 1-based
        std::string_view text;  ///< without the line terminator (\n or \r\n); valid until next()
        bool tooLong = false;   ///< text is empty then; `length` says how long it was
        qint64 length = 0;
        qint64 offset = 0;      ///< byte offset of the line's first byte in the stream
    };

    /// Reads from `device` (not owned; already open).
    explicit LineReader(QIODevice *device, qint64 maxLineBytes = 16 * 1024 * 1024);
    ~LineReader();

    /// Fills `line` with the next line; false at the end of the stream or on a read error.
    bool next(Line &line);
    /// Empty unless reading failed.
    QString errorString() const { return m_error; }

private:
    bool fill();

    QIODevice *m_device;
    qint64 m_maxLine;
    QByteArray m_buffer;
    qsizetype m_begin = 0;
    qsizetype m_end = 0;
    qint64 m_base = 0; ///< stream offset of m_buffer[0]
    qint64 m_lineNumber = 0;
    bool m_eof = false;
    QString m_error;
};

} // namespace capiqa::io
