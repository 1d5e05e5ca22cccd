#pragma once

#include <QtCore/QString>

/// What this build of capiqa is: its version (CMake's project version plus `git describe`), the
/// versions of Qt and OpenSSL it was built against and runs with, its licence and home page.
/// The GUI asks here because it must not include OpenSSL itself.
namespace capiqa::buildinfo {

/// The release number from the root CMakeLists' project(VERSION), e.g. "0.1.0".
QString version();
/// `git describe --tags --always --dirty` of the checkout that was built, e.g. "5df61e3-dirty";
/// empty when built outside a git checkout.
QString gitDescribe();
/// What `--version` and the About dialog show: "0.1.0", or "0.1.0 (git 5df61e3-dirty)" when the
/// checkout is not exactly the release tag.
QString fullVersion();
/// fullVersion()'s rule for any number and describe output (tested with made-up ones).
QString formatVersion(const QString &number, const QString &describe);

/// The Qt version capiqa was compiled against (QT_VERSION_STR).
QString qtBuildVersion();
/// The Qt version loaded at run time (qVersion()).
QString qtRuntimeVersion();
/// The OpenSSL libcrypto loaded at run time, e.g. "3.0.19".
QString opensslVersion();
/// The OpenSSL headers capiqa was compiled against.
QString opensslBuildVersion();

/// SPDX identifier of capiqa's own licence, e.g. "MIT".
QString licenseId();
/// "<year> <holder>" of capiqa's copyright notice.
QString copyright();
/// The project's home page.
QString homepage();
/// Reverse-DNS application id, e.g. "io.github.capiqa.Console": the installed .desktop file,
/// AppStream metainfo and icon are named after it.
QString appId();

} // namespace capiqa::buildinfo
