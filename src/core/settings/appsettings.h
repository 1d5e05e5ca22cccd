#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QString>
#include <QtCore/QStringList>

QT_BEGIN_NAMESPACE
class QSettings;
QT_END_NAMESPACE

namespace capiqa::settings {

/// Typed application state for the GUI (last page, recent files, window geometry/state, the
/// test-mode default), on the same QSettings as the ProfileStore. The composition root owns
/// one and passes it in; widgets never open QSettings themselves.
class AppSettings final
{
public:
    static constexpr qsizetype MaxRecentFiles = 10;

    /// `settings` is not owned and must outlive this object.
    explicit AppSettings(QSettings *settings);

    QString lastPage() const;
    void setLastPage(const QString &page);

    /// Most recent first, at most MaxRecentFiles, no duplicates.
    QStringList recentFiles() const;
    /// Moves `path` to the front (cleaned, so "a/./b" and "a/b" are one entry) and drops the
    /// oldest beyond MaxRecentFiles.
    void addRecentFile(const QString &path);
    void removeRecentFile(const QString &path);
    void clearRecentFiles();

    /// Opaque blobs from QWidget::saveGeometry() / QMainWindow::saveState().
    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray &geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray &state);

    /// Opaque state of one part of the window (a page's splitters, a log pane's header), by a
    /// stable key such as "composer" or "log/requests". Keys are letters, digits, '/' and '-'.
    QByteArray uiState(const QString &key) const;
    void setUiState(const QString &key, const QByteArray &state);

    /// The user's app-event mapping table (JSON, see event::EventMapping), next to the settings
    /// file; absent until the user edits the table (the built-in defaults apply).
    QString appEventMappingFile() const;

    /// Whether sends start in test mode (with the profile's test event code); on by default.
    bool testModeByDefault() const;
    void setTestModeByDefault(bool on);

private:
    void writeRecentFiles(const QStringList &files);

    QSettings *m_settings;
};

} // namespace capiqa::settings
