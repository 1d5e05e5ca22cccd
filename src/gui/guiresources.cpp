#include "guiresources.h"

#include <QtCore/QtGlobal>

// Q_INIT_RESOURCE must be used outside any namespace.
static void initCapiqaResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace capiqa::gui {

void initResources()
{
    static const bool once = (initCapiqaResources(), true);
    Q_UNUSED(once);
}

} // namespace capiqa::gui
