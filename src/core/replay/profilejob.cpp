#include "profilejob.h"

#include "settings/preferences.h"

#include <QtCore/QFileInfo>

using namespace Qt::StringLiterals;

namespace capiqa::replay {

QJsonObject connectionConfig(const settings::Profile &profile)
{
    QJsonObject c{{u"profile"_s, profile.name},
                  {u"base_url"_s, profile.baseUrl},
                  {u"api_version"_s, profile.apiVersion},
                  {u"pixel_id"_s, profile.pixelId},
                  {u"production"_s, profile.production},
                  {u"normalizer"_s, QString::fromLatin1(pii::profileName(profile.normalizer))}};
    if (!profile.production)
        c.insert(u"test_event_code"_s, profile.testEventCode);
    return c;
}

ReplayJob jobForProfile(const Funnel &funnel, const ReplayOptions &options, const settings::Profile &profile,
                        const settings::Preferences *preferences, const QString &identitiesPath)
{
    ReplayJob job;
    job.funnel = funnel;
    job.options = options;
    job.normalizer = profile.normalizer;
    job.send.baseUrl = QUrl(profile.baseUrl);
    job.send.apiVersion = profile.apiVersion;
    job.send.pixelId = profile.pixelId;
    job.send.testEventCode = profile.testEventCode;
    job.send.production = profile.production;
    job.send.profileName = profile.name;
    if (preferences)
        preferences->applyTo(job.send); // timeout, retries
    job.config = QJsonObject{{u"connection"_s, connectionConfig(profile)},
                             {u"identities"_s, identitiesPath.isEmpty() ? QString() : QFileInfo(identitiesPath).absoluteFilePath()},
                             {u"variables"_s, QJsonObject()}};
    return job;
}

} // namespace capiqa::replay
