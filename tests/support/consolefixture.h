#pragma once

// What the console's window and pages run on, made afresh for each GUI test: settings in a
// temporary directory, the default "Local emulator" profile pointed at an emulator listening on
// 127.0.0.1 (port 0), a client posting to the request log, and the emulator's own log.

#include "consoleservices.h"
#include "emulator/graphemulator.h"
#include "log/emulatorlog.h"
#include "log/logbus.h"
#include "settings/appsettings.h"
#include "settings/preferences.h"
#include "settings/profilestore.h"
#include "settings/secretstore.h"
#include "transport/capiclient.h"

#include <QtCore/QSettings>
#include <QtCore/QTemporaryDir>
#include <QtNetwork/QHostAddress>
#include <QtWidgets/QWidget>

#include <memory>

namespace capiqa::test {

struct ConsoleFixture
{
    std::unique_ptr<QSettings> settings;
    std::unique_ptr<settings::ProfileStore> profiles;
    std::unique_ptr<settings::SecretStore> secrets;
    std::unique_ptr<settings::AppSettings> app;
    std::unique_ptr<settings::Preferences> prefs;
    std::unique_ptr<log::LogBus> requestLog;
    std::unique_ptr<log::LogBus> emulatorLog;
    std::unique_ptr<transport::CapiClient> client;
    std::unique_ptr<emulator::GraphEmulator> emulator;
    std::unique_ptr<log::EmulatorLog> emulatorLink;

    /// Empty when everything is up; else what failed. `keychainService` keeps the tests'
    /// keychain entries apart.
    QString setUp(const QTemporaryDir &dir, const QString &keychainService)
    {
        settings = std::make_unique<QSettings>(dir.filePath(QStringLiteral("capiqa.ini")), QSettings::IniFormat);
        settings->clear();
        profiles = std::make_unique<settings::ProfileStore>(settings.get());
        secrets = std::make_unique<settings::SecretStore>(keychainService);
        app = std::make_unique<settings::AppSettings>(settings.get());
        prefs = std::make_unique<settings::Preferences>(settings.get());
        requestLog = std::make_unique<log::LogBus>();
        emulatorLog = std::make_unique<log::LogBus>();
        client = std::make_unique<transport::CapiClient>(requestLog.get());
        emulator = std::make_unique<emulator::GraphEmulator>();
        if (!emulator->listen(QHostAddress::LocalHost, 0))
            return emulator->errorString();
        emulatorLink = std::make_unique<log::EmulatorLog>(emulator.get(), emulatorLog.get());
        settings::Profile local = *profiles->defaultProfile();
        local.baseUrl = emulator->baseUrl().toString();
        if (!profiles->update(local))
            return QStringLiteral("cannot point the default profile at the emulator");
        return {};
    }

    /// The network side goes first: nothing may answer into a store that is gone.
    void tearDown()
    {
        emulatorLink.reset();
        client.reset();
        emulator.reset();
    }

    gui::ConsoleServices services() const
    {
        gui::ConsoleServices s;
        s.profiles = profiles.get();
        s.secrets = secrets.get();
        s.appSettings = app.get();
        s.preferences = prefs.get();
        s.client = client.get();
        s.requestLog = requestLog.get();
        s.emulatorLog = emulatorLog.get();
        s.emulator = emulator.get();
        return s;
    }
};

/// `root`'s descendant named `name`; a test that expects it cannot go on without it.
template <typename T>
T *namedChild(const QObject *root, const char *name)
{
    T *w = root->findChild<T *>(QString::fromLatin1(name));
    if (!w)
        qFatal("no child %s", name);
    return w;
}

} // namespace capiqa::test
