#include "uistate.h"

#include "settings/appsettings.h"

#include <QtWidgets/QMainWindow>

namespace capiqa::gui {

namespace {
constexpr int StateVersion = 1; // bump when the docks change so old layouts are ignored
}

UiState::UiState(settings::AppSettings *settings)
    : m_settings(settings)
{
}

void UiState::addPart(const QString &key, Saver save, Restorer restore)
{
    m_parts.append({key, std::move(save), std::move(restore)});
}

void UiState::restore(QMainWindow *window) const
{
    if (!m_settings)
        return;
    if (const QByteArray geometry = m_settings->windowGeometry(); !geometry.isEmpty())
        window->restoreGeometry(geometry);
    if (const QByteArray state = m_settings->windowState(); !state.isEmpty())
        window->restoreState(state, StateVersion);
    for (const Part &part : m_parts) {
        if (const QByteArray state = m_settings->uiState(part.key); !state.isEmpty())
            part.restore(state);
    }
}

void UiState::save(const QMainWindow *window) const
{
    if (!m_settings)
        return;
    m_settings->setWindowGeometry(window->saveGeometry());
    m_settings->setWindowState(window->saveState(StateVersion));
    for (const Part &part : m_parts)
        m_settings->setUiState(part.key, part.save());
}

} // namespace capiqa::gui
