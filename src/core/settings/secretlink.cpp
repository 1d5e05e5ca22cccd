#include "secretlink.h"

#include "profilestore.h"
#include "secretstore.h"

namespace capiqa::settings {

void linkSecretsToProfiles(ProfileStore *profiles, SecretStore *secrets,
                           std::function<void(const SecretResult &)> onFailure)
{
    Q_ASSERT(profiles && secrets);
    auto report = [secrets, onFailure](SecretRequest *request) {
        if (!onFailure)
            return;
        QObject::connect(request, &SecretRequest::finished, secrets, [onFailure](const SecretResult &result) {
            if (!result.ok())
                onFailure(result);
        });
    };
    // The secrets store is the context: once it is gone there is nothing left to keep in step.
    QObject::connect(profiles, &ProfileStore::profileRenamed, secrets,
                     [secrets, report](const QString &from, const QString &to) { report(secrets->moveSecrets(from, to)); });
    QObject::connect(profiles, &ProfileStore::profileRemoved, secrets,
                     [secrets, report](const QString &name) { report(secrets->removeSecrets(name)); });
}

} // namespace capiqa::settings
