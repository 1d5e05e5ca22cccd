// The composition root: makes the core objects once, hands them to the window, and nothing else.
#include "buildinfo.h"
#include "consoleservices.h"
#include "emulator/graphemulator.h"
#include "io/allocator.h"
#include "log/emulatorlog.h"
#include "log/logbus.h"
#include "mainwindow.h"
#include "settings/appsettings.h"
#include "settings/preferences.h"
#include "settings/profilestore.h"
#include "settings/secretlink.h"
#include "settings/secretstore.h"
#include "settings/usersettings.h"
#include "transport/capiclient.h"

#include <QtCore/QCommandLineParser>
#include <QtCore/QElapsedTimer>
#include <QtCore/QTimer>
#include <QtGui/QWindow>
#include <QtGui/QIcon>
#include <QtWidgets/QApplication>

#include <cstdio>
#include <cstring>

using namespace Qt::StringLiterals;

namespace {

// For bench/run: prints how long the first window took to be painted, then quits.
class StartupProbe final : public QObject
{
public:
    StartupProbe(const QElapsedTimer &clock, QObject *parent) : QObject(parent), m_clock(clock) {}

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Expose && !m_done) {
            m_done = true;
            // The expose is handled (and painted) before the next event-loop turn.
            QTimer::singleShot(0, this, [this] {
                std::printf("capiqa first_window_ms=%lld\n", static_cast<long long>(m_clock.elapsed()));
                std::fflush(stdout);
                QCoreApplication::quit();
            });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    const QElapsedTimer &m_clock;
    bool m_done = false;
};

} // namespace

int main(int argc, char *argv[])
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    // Answered before QApplication exists, so that it works where there is no display.
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--version") == 0 || std::strcmp(argv[i], "-v") == 0) {
            std::printf("capiqa %s\n", qUtf8Printable(capiqa::buildinfo::fullVersion()));
            return 0;
        }
    }

    capiqa::io::tuneAllocatorForLargeBuffers();
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"capiqa"_s);
    QApplication::setApplicationDisplayName(u"CAPI QA Console"_s);
    QApplication::setOrganizationName(u"capiqa"_s);
    QApplication::setApplicationVersion(capiqa::buildinfo::fullVersion());
    QApplication::setWindowIcon(QIcon(u":/capiqa/icons/capiqa.svg"_s));
    // Lets Wayland compositors match the window to the installed .desktop file and its icon.
    QGuiApplication::setDesktopFileName(capiqa::buildinfo::appId());

    QCommandLineParser parser;
    parser.setApplicationDescription(u"CAPI QA Console: test Meta Pixel and Conversions API tracking."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    // For the package test and CI: start, show the window, quit after MS milliseconds.
    QCommandLineOption quitAfter(u"quit-after-ms"_s, u"Quit after MS milliseconds (smoke tests)."_s, u"ms"_s);
    quitAfter.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(quitAfter);
    QCommandLineOption reportStartup(u"report-startup"_s, u"Print the time to the first painted window and quit (bench/run)."_s);
    reportStartup.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOption(reportStartup);
    parser.process(app);

    using namespace capiqa;
    const auto userSettings = settings::openUserSettings();
    settings::ProfileStore profiles(userSettings.get());
    settings::SecretStore secrets;
    settings::linkSecretsToProfiles(&profiles, &secrets);
    settings::AppSettings appSettings(userSettings.get());
    settings::Preferences preferences(userSettings.get());

    log::LogBus requestLog;
    log::LogBus emulatorLog;
    transport::CapiClient client(&requestLog);
    const auto applySendLimits = [&] {
        client.setMaxConcurrentRequests(preferences.concurrency());
        client.setEventRateLimit(preferences.eventsPerSecond());
    };
    applySendLimits();
    QObject::connect(&preferences, &settings::Preferences::changed, &client, applySendLimits);

    // The built-in Graph API, so that the first Send works without a Meta account. When its
    // port is taken (say by `capiqa-cli serve`), the status bar says so and sends go there.
    emulator::GraphEmulator emulator;
    log::EmulatorLog emulatorLink(&emulator, &emulatorLog);
    if (preferences.emulatorAutostart()) {
        emulator.setFaultSpec(preferences.emulatorFaultSpec());
        emulator.listen(QHostAddress::LocalHost, preferences.emulatorPort());
    }

    gui::ConsoleServices services;
    services.profiles = &profiles;
    services.secrets = &secrets;
    services.appSettings = &appSettings;
    services.preferences = &preferences;
    services.client = &client;
    services.requestLog = &requestLog;
    services.emulatorLog = &emulatorLog;
    services.emulator = &emulator;

    gui::MainWindow window(services);
    if (parser.isSet(reportStartup)) {
        window.winId(); // creates the QWindow so that its first expose can be watched
        window.windowHandle()->installEventFilter(new StartupProbe(sinceStart, &window));
    }
    window.show();
    if (parser.isSet(quitAfter)) {
        bool ok = false;
        const int ms = parser.value(quitAfter).toInt(&ok);
        if (!ok || ms < 0) {
            std::fprintf(stderr, "capiqa: --quit-after-ms takes milliseconds, e.g. 1000\n");
            return 2;
        }
        QTimer::singleShot(ms, &app, &QCoreApplication::quit);
    }
    return QApplication::exec();
}
