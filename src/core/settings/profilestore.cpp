#include "profilestore.h"

#include <QtCore/QSettings>

using namespace Qt::StringLiterals;

namespace capiqa::settings {

namespace {

// Bump when the stored layout changes; its presence also marks "first run already happened",
// so removing the Local emulator profile is not undone on the next start.
constexpr int SchemaVersion = 1;
const auto SchemaKey = u"profileStore/schema"_s;
const auto DefaultKey = u"profileStore/default"_s;
const auto ArrayKey = u"profiles"_s;

Profile readProfile(const QSettings &settings)
{
    Profile profile;
    profile.name = settings.value(u"name"_s).toString().trimmed();
    profile.baseUrl = settings.value(u"baseUrl"_s, QString(DefaultBaseUrl)).toString();
    profile.apiVersion = settings.value(u"apiVersion"_s, QString(DefaultApiVersion)).toString();
    profile.pixelId = settings.value(u"pixelId"_s).toString();
    profile.testEventCode = settings.value(u"testEventCode"_s).toString();
    // A hand-edited or newer file may name an unknown normalizer: fall back to the default
    // rather than dropping the whole profile.
    profile.normalizer = pii::profileFromName(settings.value(u"normalizer"_s).toString()).value_or(pii::Profile::Meta);
    profile.production = settings.value(u"production"_s, false).toBool();
    profile.hasAppSecret = settings.value(u"hasAppSecret"_s, false).toBool();
    profile.builtInEmulator = settings.value(u"builtInEmulator"_s, false).toBool();
    return profile;
}

// Only these keys are ever written: Profile has no secret members, so no token can end up
// in the settings file by accident.
void writeProfile(QSettings &settings, const Profile &profile)
{
    settings.setValue(u"name"_s, profile.name);
    settings.setValue(u"baseUrl"_s, profile.baseUrl);
    settings.setValue(u"apiVersion"_s, profile.apiVersion);
    settings.setValue(u"pixelId"_s, profile.pixelId);
    settings.setValue(u"testEventCode"_s, profile.testEventCode);
    settings.setValue(u"normalizer"_s, normalizerName(profile.normalizer));
    settings.setValue(u"production"_s, profile.production);
    settings.setValue(u"hasAppSecret"_s, profile.hasAppSecret);
    settings.setValue(u"builtInEmulator"_s, profile.builtInEmulator);
}

Outcome invalid(const Profile &profile)
{
    const QStringList errors = profileErrors(profile);
    return errors.isEmpty() ? Outcome::success() : Outcome::failure(errors.join(u' '));
}

QString noSuchProfile(QStringView name)
{
    return u"There is no profile named “%1”."_s.arg(name);
}

QString nameTaken(QStringView name)
{
    return u"A profile named “%1” already exists."_s.arg(name);
}

} // namespace

ProfileStore::ProfileStore(QSettings *settings, QObject *parent)
    : QObject(parent)
    , m_settings(settings)
{
    Q_ASSERT(m_settings);
    load();
}

ProfileStore::~ProfileStore() = default;

QStringList ProfileStore::names() const
{
    QStringList result;
    result.reserve(m_profiles.size());
    for (const Profile &p : m_profiles)
        result << p.name;
    return result;
}

std::optional<Profile> ProfileStore::profile(QStringView name) const
{
    const qsizetype i = indexOf(name);
    if (i < 0)
        return std::nullopt;
    return m_profiles.at(i);
}

Outcome ProfileStore::add(const Profile &profile)
{
    Profile p = normalized(profile);
    p.builtInEmulator = false; // only the store creates the built-in profile
    if (p.production)
        return Outcome::failure(u"New profiles start in test mode; switch “%1” to production "
                                u"afterwards, confirming with its pixel id."_s.arg(p.name));
    if (Outcome check = invalid(p); !check)
        return check;
    if (clashingIndex(p.name) >= 0)
        return Outcome::failure(nameTaken(p.name));

    m_profiles.append(p);
    if (m_defaultName.isEmpty())
        changeDefault(p.name);
    Outcome saved = save();
    Q_EMIT profilesChanged();
    return saved;
}

Outcome ProfileStore::update(const Profile &profile)
{
    Profile p = normalized(profile);
    const qsizetype i = indexOf(p.name);
    if (i < 0)
        return Outcome::failure(noSuchProfile(p.name));
    const Profile &stored = m_profiles.at(i);
    p.builtInEmulator = stored.builtInEmulator;
    if (p.production && !stored.production)
        return Outcome::failure(u"Switching “%1” to production needs the pixel id as confirmation; "
                                u"use the production switch."_s.arg(p.name));
    if (p.production && p.pixelId != stored.pixelId)
        return Outcome::failure(u"The pixel id of production profile “%1” cannot change; switch it "
                                u"to test mode first."_s.arg(p.name));
    if (Outcome check = invalid(p); !check)
        return check;
    if (p == stored)
        return Outcome::success();

    m_profiles[i] = p;
    Outcome saved = save();
    Q_EMIT profilesChanged();
    return saved;
}

Outcome ProfileStore::rename(const QString &from, const QString &to)
{
    const qsizetype i = indexOf(from);
    if (i < 0)
        return Outcome::failure(noSuchProfile(from));
    const QString newName = to.trimmed();
    if (const QString error = profileNameError(newName); !error.isEmpty())
        return Outcome::failure(error);
    // Changing only the case of a name is allowed: the clash check skips the profile itself.
    if (clashingIndex(newName, i) >= 0)
        return Outcome::failure(nameTaken(newName));
    if (newName == from)
        return Outcome::success();

    m_profiles[i].name = newName;
    if (m_defaultName == from)
        changeDefault(newName);
    Outcome saved = save();
    Q_EMIT profileRenamed(from, newName);
    Q_EMIT profilesChanged();
    return saved;
}

Outcome ProfileStore::remove(const QString &name)
{
    const qsizetype i = indexOf(name);
    if (i < 0)
        return Outcome::failure(noSuchProfile(name));
    m_profiles.removeAt(i);
    if (m_defaultName == name)
        changeDefault(m_profiles.isEmpty() ? QString() : m_profiles.constFirst().name);
    Outcome saved = save();
    Q_EMIT profileRemoved(name);
    Q_EMIT profilesChanged();
    return saved;
}

Outcome ProfileStore::setDefaultProfile(const QString &name)
{
    if (indexOf(name) < 0)
        return Outcome::failure(noSuchProfile(name));
    if (name == m_defaultName)
        return Outcome::success();
    changeDefault(name);
    return save();
}

Outcome ProfileStore::setProduction(const QString &name, bool production, QStringView confirmation)
{
    const qsizetype i = indexOf(name);
    if (i < 0)
        return Outcome::failure(noSuchProfile(name));
    Profile p = m_profiles.at(i);
    if (p.production == production)
        return Outcome::success();
    if (production) {
        if (const QString error = pixelIdError(p.pixelId); !error.isEmpty())
            return Outcome::failure(error);
        // Typing the pixel id proves the user knows which pixel will receive real events.
        if (confirmation.trimmed() != p.pixelId)
            return Outcome::failure(u"To send real events with “%1”, type its pixel id (%2) to confirm."_s
                                        .arg(p.name, p.pixelId));
    }
    p.production = production;
    if (!production) {
        if (const QString error = testEventCodeError(p); !error.isEmpty())
            return Outcome::failure(error);
    }
    m_profiles[i] = p;
    Outcome saved = save();
    Q_EMIT profilesChanged();
    return saved;
}

Outcome ProfileStore::restoreLocalEmulator()
{
    for (const Profile &p : std::as_const(m_profiles)) {
        if (p.builtInEmulator)
            return Outcome::failure(u"The local emulator profile already exists as “%1”."_s.arg(p.name));
    }
    Profile p = localEmulatorProfile();
    const QString base = p.name;
    for (int n = 2; clashingIndex(p.name) >= 0; ++n)
        p.name = base % u' ' % QString::number(n);
    m_profiles.append(p);
    if (m_defaultName.isEmpty())
        changeDefault(p.name);
    Outcome saved = save();
    Q_EMIT profilesChanged();
    return saved;
}

qsizetype ProfileStore::indexOf(QStringView name) const
{
    for (qsizetype i = 0; i < m_profiles.size(); ++i) {
        if (m_profiles.at(i).name == name)
            return i;
    }
    return -1;
}

qsizetype ProfileStore::clashingIndex(QStringView name, qsizetype except) const
{
    for (qsizetype i = 0; i < m_profiles.size(); ++i) {
        if (i != except && name.compare(m_profiles.at(i).name, Qt::CaseInsensitive) == 0)
            return i;
    }
    return -1;
}

void ProfileStore::load()
{
    const bool firstRun = !m_settings->contains(SchemaKey);
    const int count = m_settings->beginReadArray(ArrayKey);
    for (int i = 0; i < count; ++i) {
        m_settings->setArrayIndex(i);
        Profile p = readProfile(*m_settings);
        // Skip entries a hand edit broke beyond repair; keep the rest even if invalid, so the
        // user can fix them in the UI (send paths validate with profileErrors()).
        if (!profileNameError(p.name).isEmpty() || clashingIndex(p.name) >= 0)
            continue;
        m_profiles.append(p);
    }
    m_settings->endArray();

    m_defaultName = m_settings->value(DefaultKey).toString();
    if (indexOf(m_defaultName) < 0)
        m_defaultName = m_profiles.isEmpty() ? QString() : m_profiles.constFirst().name;

    if (firstRun && m_profiles.isEmpty()) {
        m_profiles.append(localEmulatorProfile());
        m_defaultName = m_profiles.constFirst().name;
    }
    if (firstRun)
        (void)save(); // nobody to report a write error to yet; the next change reports it
}

Outcome ProfileStore::save()
{
    m_settings->setValue(SchemaKey, SchemaVersion);
    m_settings->remove(ArrayKey);
    m_settings->beginWriteArray(ArrayKey, int(m_profiles.size()));
    for (int i = 0; i < m_profiles.size(); ++i) {
        m_settings->setArrayIndex(i);
        writeProfile(*m_settings, m_profiles.at(i));
    }
    m_settings->endArray();
    m_settings->setValue(DefaultKey, m_defaultName);
    m_settings->sync();
    if (m_settings->status() != QSettings::NoError)
        return Outcome::failure(u"The change applies to this session but could not be saved to %1."_s
                                    .arg(m_settings->fileName()));
    return Outcome::success();
}

void ProfileStore::changeDefault(const QString &name)
{
    if (name == m_defaultName)
        return;
    m_defaultName = name;
    Q_EMIT defaultProfileChanged(name);
}

} // namespace capiqa::settings
