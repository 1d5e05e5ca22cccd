#include "usersettings.h"

using namespace Qt::StringLiterals;

namespace capiqa::settings {

std::unique_ptr<QSettings> openUserSettings()
{
    const QString path = qEnvironmentVariable("CAPIQA_SETTINGS");
    if (!path.isEmpty())
        return std::make_unique<QSettings>(path, QSettings::IniFormat);
    return std::make_unique<QSettings>(QSettings::IniFormat, QSettings::UserScope, u"capiqa"_s, u"capiqa"_s);
}

} // namespace capiqa::settings
