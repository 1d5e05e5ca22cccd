#pragma once

#include "eventstore.h"

#include <QtCore/QFile>

namespace capiqa::emulator {

/// Appends received events to a JSON Lines file: one toJson(event) object per line. The raw
/// body is written once per request (on its batch_index 0 line), not once per event, so a
/// 1,000-event batch does not write its body 1,000 times. The events never hold the access
/// token, so neither does the file.
class RecordFile final
{
public:
    /// Opens `path` for appending (created if missing). False with `error` set on failure.
    bool open(const QString &path, QString *error);
    void close();
    bool isOpen() const { return m_file.isOpen(); }
    QString path() const { return m_file.fileName(); }

    /// Writes and flushes the lines of one request. On failure the file is closed (one report,
    /// not one per request) and `error` says why.
    bool append(const QList<ReceivedEvent> &events, QString *error);

private:
    QFile m_file;
};

} // namespace capiqa::emulator
