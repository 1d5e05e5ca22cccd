#include "profile.h"

#include "emulator/emulatordefaults.h"

#include <QtNetwork/QHostAddress>
#include <QtCore/QRegularExpression>

using namespace Qt::StringLiterals;

namespace capiqa::settings {

namespace {

bool isLoopbackHost(const QString &host)
{
    if (host.compare(u"localhost"_s, Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

} // namespace

bool Profile::usesEmulatorToken() const
{
    if (!builtInEmulator)
        return false;
    const QUrl url(baseUrl, QUrl::StrictMode);
    return url.isValid() && isLoopbackHost(url.host());
}

QUrl Profile::eventsUrl() const
{
    QString base = baseUrl;
    while (base.endsWith(u'/'))
        base.chop(1);
    return QUrl(base % u'/' % apiVersion % u'/' % pixelId % u"/events"_s, QUrl::StrictMode);
}

QString normalizerName(pii::Profile normalizer)
{
    const std::string_view name = pii::profileName(normalizer);
    return QString::fromLatin1(name.data(), qsizetype(name.size()));
}

Profile localEmulatorProfile()
{
    Profile profile;
    profile.name = LocalEmulatorProfileName;
    profile.baseUrl = emulator::DefaultBaseUrl;
    profile.pixelId = emulator::LocalPixelId;
    profile.testEventCode = emulator::LocalTestEventCode;
    profile.normalizer = pii::Profile::Meta;
    profile.production = false;
    profile.builtInEmulator = true;
    return profile;
}

Profile normalized(Profile profile)
{
    profile.name = profile.name.trimmed();
    profile.baseUrl = profile.baseUrl.trimmed();
    while (profile.baseUrl.endsWith(u'/'))
        profile.baseUrl.chop(1);
    profile.apiVersion = profile.apiVersion.trimmed();
    profile.pixelId = profile.pixelId.trimmed();
    profile.testEventCode = profile.testEventCode.trimmed();
    return profile;
}

QString profileNameError(QStringView name)
{
    if (name.trimmed().isEmpty())
        return u"The profile needs a name."_s;
    if (name.size() > MaxProfileNameLength)
        return u"The profile name is too long (at most %1 characters)."_s.arg(MaxProfileNameLength);
    if (name.trimmed().size() != name.size())
        return u"The profile name must not start or end with spaces."_s;
    // Names become part of keychain keys ("profile/<name>/access_token"): a slash would
    // make one profile's key look like another's.
    for (const QChar c : name) {
        if (c == u'/' || c == u'\\')
            return u"The profile name must not contain “/” or “\\”."_s;
        if (c.category() == QChar::Other_Control)
            return u"The profile name must not contain control characters."_s;
    }
    return {};
}

QString pixelIdError(QStringView pixelId)
{
    if (pixelId.isEmpty())
        return u"The pixel id is missing (Events Manager → Data sources → your pixel → Settings)."_s;
    static const QRegularExpression digits(u"^[0-9]{1,20}$"_s);
    if (!digits.match(pixelId).hasMatch())
        return u"The pixel id must be digits only, like 1234567890 (got “%1”)."_s.arg(pixelId);
    return {};
}

QString apiVersionError(QStringView version)
{
    static const QRegularExpression pattern(u"^v[0-9]+\\.[0-9]+$"_s);
    if (!pattern.match(version).hasMatch())
        return u"The API version must look like %1 (got “%2”)."_s.arg(DefaultApiVersion, version);
    return {};
}

QString baseUrlError(QStringView url)
{
    if (url.isEmpty())
        return u"The base URL is missing (normally %1)."_s.arg(DefaultBaseUrl);
    const QUrl parsed(url.toString(), QUrl::StrictMode);
    const QString scheme = parsed.scheme().toLower();
    if (!parsed.isValid() || (scheme != u"http"_s && scheme != u"https"_s) || parsed.host().isEmpty())
        return u"The base URL must be an http:// or https:// address, like %1 (got “%2”)."_s.arg(DefaultBaseUrl, url);
    if (parsed.hasQuery() || parsed.hasFragment() || !parsed.userInfo().isEmpty())
        return u"The base URL must not carry a query, fragment or user name (got “%1”)."_s.arg(url);
    return {};
}

QString testEventCodeError(const Profile &profile)
{
    if (profile.testMode() && profile.testEventCode.trimmed().isEmpty())
        return u"A test event code is required in test mode (Events Manager → Test Events); "
               u"a profile sends without one only after it is switched to production."_s;
    return {};
}

QStringList profileErrors(const Profile &profile)
{
    QStringList errors;
    for (const QString &error : {profileNameError(profile.name), baseUrlError(profile.baseUrl),
                                 apiVersionError(profile.apiVersion), pixelIdError(profile.pixelId),
                                 testEventCodeError(profile)}) {
        if (!error.isEmpty())
            errors << error;
    }
    return errors;
}

} // namespace capiqa::settings
