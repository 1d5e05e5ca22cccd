#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QString>

#include <functional>

QT_BEGIN_NAMESPACE
class QMainWindow;
QT_END_NAMESPACE

namespace capiqa::settings {
class AppSettings;
}

namespace capiqa::gui {

/// The one place that saves and restores how the window looks: geometry, docks and toolbars,
/// and each registered part's own state (a page's splitters, a log pane's header), under a
/// stable key in AppSettings. The window registers parts once; save() runs on close.
class UiState final
{
public:
    using Saver = std::function<QByteArray()>;
    using Restorer = std::function<void(const QByteArray &)>;

    explicit UiState(settings::AppSettings *settings);

    /// `key` must be stable across versions ("composer", "log/requests").
    void addPart(const QString &key, Saver save, Restorer restore);

    /// Restores the geometry, the dock layout and every part that has saved state.
    void restore(QMainWindow *window) const;
    void save(const QMainWindow *window) const;

private:
    struct Part {
        QString key;
        Saver save;
        Restorer restore;
    };
    settings::AppSettings *m_settings;
    QList<Part> m_parts;
};

} // namespace capiqa::gui
