#include "buildinfo.h"

#include "capiqa_buildinfo.h"

#include <openssl/crypto.h>
#include <openssl/opensslv.h>

using namespace Qt::StringLiterals;

namespace capiqa::buildinfo {

QString version()
{
    return QStringLiteral(CAPIQA_VERSION_NUMBER);
}

QString gitDescribe()
{
    return QStringLiteral(CAPIQA_GIT_DESCRIBE);
}

QString fullVersion()
{
    return formatVersion(version(), gitDescribe());
}

QString formatVersion(const QString &number, const QString &describe)
{
    // A clean checkout of the release tag ("0.1.0" or "v0.1.0") says nothing the number does not.
    if (describe.isEmpty() || describe == number || describe == u'v' + number)
        return number;
    return number + u" (git "_s + describe + u')';
}

QString qtBuildVersion()
{
    return QStringLiteral(QT_VERSION_STR);
}

QString qtRuntimeVersion()
{
    return QString::fromLatin1(qVersion());
}

QString opensslVersion()
{
    return QString::fromLatin1(OpenSSL_version(OPENSSL_VERSION_STRING));
}

QString opensslBuildVersion()
{
    return QStringLiteral(OPENSSL_VERSION_STR);
}

QString licenseId()
{
    return QStringLiteral(CAPIQA_LICENSE_ID);
}

QString copyright()
{
    return QStringLiteral(CAPIQA_COPYRIGHT);
}

QString homepage()
{
    return QStringLiteral(CAPIQA_HOMEPAGE);
}

QString appId()
{
    return QStringLiteral(CAPIQA_APP_ID);
}

} // namespace capiqa::buildinfo
