#pragma once

// Internal to src/core/dedup: what the report writers share.

#include "capture/capturedevent.h"
#include "dedupresult.h"

#include <QtCore/QByteArray>
#include <QtCore/QIODevice>

namespace capiqa::dedup {

/// Buffered writes to a device; a failed write is remembered and reported by flush().
class Sink final
{
public:
    explicit Sink(QIODevice &device) : m_device(device) {}
    void add(const QByteArray &bytes)
    {
        m_buffer += bytes;
        if (m_buffer.size() >= (1 << 20))
            flush();
    }
    void add(const QString &text) { add(text.toUtf8()); }
    bool flush()
    {
        if (!m_buffer.isEmpty() && m_device.write(m_buffer) != m_buffer.size())
            m_failed = true;
        m_buffer.clear();
        return !m_failed;
    }

private:
    QIODevice &m_device;
    QByteArray m_buffer;
    bool m_failed = false;
};

/// ISO 8601 UTC with milliseconds; empty for 0 (unknown).
QString isoTime(qint64 ms);
void writeHtml(Sink &sink, const capture::CaptureSet &captures, const DedupResult &result);

} // namespace capiqa::dedup
