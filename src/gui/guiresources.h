#pragma once

namespace capiqa::gui {

/// Registers the icons and samples compiled into capiqa_gui (a static library, so Qt cannot do
/// it on its own). Idempotent; pages call it before they look anything up.
void initResources();

} // namespace capiqa::gui
