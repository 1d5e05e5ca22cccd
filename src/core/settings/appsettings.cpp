#include "appsettings.h"

#include <QtCore/QDir>
#include <QtCore/QFileInfo>
#include <QtCore/QSettings>

using namespace Qt::StringLiterals;

namespace capiqa::settings {

namespace {

const auto LastPageKey = u"ui/lastPage"_s;
const auto RecentFilesKey = u"ui/recentFiles"_s;
const auto GeometryKey = u"ui/windowGeometry"_s;
const auto StateKey = u"ui/windowState"_s;
const auto TestModeKey = u"send/testModeByDefault"_s;

QString cleanPath(const QString &path)
{
    const QString trimmed = path.trimmed();
    return trimmed.isEmpty() ? QString() : QDir::cleanPath(trimmed);
}

} // namespace

AppSettings::AppSettings(QSettings *settings)
    : m_settings(settings)
{
    Q_ASSERT(m_settings);
}

QString AppSettings::lastPage() const
{
    return m_settings->value(LastPageKey).toString();
}

void AppSettings::setLastPage(const QString &page)
{
    m_settings->setValue(LastPageKey, page);
}

QStringList AppSettings::recentFiles() const
{
    // Sanitised on read too: the file may have been edited by hand or by an older version.
    QStringList files;
    const QStringList stored = m_settings->value(RecentFilesKey).toStringList();
    for (const QString &entry : stored) {
        const QString path = cleanPath(entry);
        if (!path.isEmpty() && !files.contains(path))
            files << path;
        if (files.size() == MaxRecentFiles)
            break;
    }
    return files;
}

void AppSettings::addRecentFile(const QString &path)
{
    const QString cleaned = cleanPath(path);
    if (cleaned.isEmpty())
        return;
    QStringList files = recentFiles();
    files.removeAll(cleaned);
    files.prepend(cleaned);
    writeRecentFiles(files);
}

void AppSettings::removeRecentFile(const QString &path)
{
    QStringList files = recentFiles();
    if (files.removeAll(cleanPath(path)) > 0)
        writeRecentFiles(files);
}

void AppSettings::clearRecentFiles()
{
    m_settings->remove(RecentFilesKey);
}

void AppSettings::writeRecentFiles(const QStringList &files)
{
    m_settings->setValue(RecentFilesKey, files.mid(0, MaxRecentFiles));
}

QByteArray AppSettings::windowGeometry() const
{
    return m_settings->value(GeometryKey).toByteArray();
}

void AppSettings::setWindowGeometry(const QByteArray &geometry)
{
    m_settings->setValue(GeometryKey, geometry);
}

QByteArray AppSettings::windowState() const
{
    return m_settings->value(StateKey).toByteArray();
}

void AppSettings::setWindowState(const QByteArray &state)
{
    m_settings->setValue(StateKey, state);
}

QString AppSettings::appEventMappingFile() const
{
    return QFileInfo(m_settings->fileName()).dir().filePath(u"app-event-mapping.json"_s);
}

QByteArray AppSettings::uiState(const QString &key) const
{
    return m_settings->value(u"ui/state/"_s + key).toByteArray();
}

void AppSettings::setUiState(const QString &key, const QByteArray &state)
{
    m_settings->setValue(u"ui/state/"_s + key, state);
}

bool AppSettings::testModeByDefault() const
{
    return m_settings->value(TestModeKey, true).toBool();
}

void AppSettings::setTestModeByDefault(bool on)
{
    m_settings->setValue(TestModeKey, on);
}

} // namespace capiqa::settings
