#include "recordfile.h"

#include <QtCore/QJsonDocument>

namespace capiqa::emulator {

using namespace Qt::StringLiterals;

bool RecordFile::open(const QString &path, QString *error)
{
    close();
    m_file.setFileName(path);
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::Append)) {
        if (error)
            *error = u"Cannot open the record file %1: %2"_s.arg(path, m_file.errorString());
        return false;
    }
    return true;
}

void RecordFile::close()
{
    if (m_file.isOpen())
        m_file.close();
}

bool RecordFile::append(const QList<ReceivedEvent> &events, QString *error)
{
    if (!m_file.isOpen())
        return true;
    QByteArray lines;
    for (const ReceivedEvent &e : events) {
        lines += QJsonDocument(toJson(e, e.batchIndex == 0)).toJson(QJsonDocument::Compact);
        lines += '\n';
    }
    // One write per request keeps a request's lines together even if the disk fills up.
    if (m_file.write(lines) != lines.size() || !m_file.flush()) {
        if (error)
            *error = u"Cannot write to the record file %1: %2"_s.arg(m_file.fileName(), m_file.errorString());
        m_file.close();
        return false;
    }
    return true;
}

} // namespace capiqa::emulator
