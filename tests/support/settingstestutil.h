#pragma once

#include "settings/profile.h"

#include <QtCore/QDirIterator>
#include <QtCore/QFile>
#include <QtCore/QTemporaryDir>

/// Helpers for tests of profiles and secrets.
namespace capiqa::test {

/// A valid test-mode profile pointed at Meta, for tests that need one besides Local emulator.
inline settings::Profile shopProfile(const QString &name = QStringLiteral("Shop"))
{
    settings::Profile p;
    p.name = name;
    p.pixelId = QStringLiteral("987654321012345");
    p.testEventCode = QStringLiteral("TEST12345");
    return p;
}

/// Cuts the process off from any secret service (no session bus, so no keychain whatever the
/// machine) and from the user's files: HOME and the XDG folders point into `home`, where a test
/// can then look for secrets that must never reach the disk. Call before the application object
/// exists.
inline void isolateFromKeychain(const QTemporaryDir &home)
{
    for (const char *name : {"DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY", "XDG_RUNTIME_DIR"})
        qunsetenv(name);
    qputenv("HOME", home.path().toLocal8Bit());
    qputenv("XDG_CONFIG_HOME", home.filePath(QStringLiteral(".config")).toLocal8Bit());
    qputenv("XDG_DATA_HOME", home.filePath(QStringLiteral(".local/share")).toLocal8Bit());
    qputenv("XDG_CACHE_HOME", home.filePath(QStringLiteral(".cache")).toLocal8Bit());
}

/// Whether any file below `root` (hidden ones included) contains `needle`.
inline bool treeContains(const QString &root, const QByteArray &needle)
{
    QDirIterator it(root, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly) && file.readAll().contains(needle))
            return true;
    }
    return false;
}

} // namespace capiqa::test
