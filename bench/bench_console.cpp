// capiqa-bench-console: how quickly the console answers a new user (offscreen, widgets shown).
//  - window: constructing the whole MainWindow (pages, log docks, status bar) and showing it,
//    until its first expose has been painted;
//  - first send: Ctrl+Return's send, from the call until the row is in BOTH log panes (the
//    Requests pane fed by the client, the Emulator pane fed by the in-process emulator), the
//    "within a second" of issue 5.
// The time from process start (exec, dynamic linking, QApplication) to the first painted window
// is measured from outside by bench/run with `capiqa --report-startup`.
#include "emulator/graphemulator.h"
#include "log/emulatorlog.h"
#include "log/logbus.h"
#include "log/logmodel.h"
#include "mainwindow.h"
#include "pages/composerpage.h"
#include "settings/appsettings.h"
#include "settings/preferences.h"
#include "settings/profilestore.h"
#include "settings/secretstore.h"
#include "transport/capiclient.h"
#include "widgets/logpane.h"

#include <QtCore/QElapsedTimer>
#include <QtCore/QSettings>
#include <QtCore/QTemporaryDir>
#include <QtCore/QTimer>
#include <QtGui/QWindow>
#include <QtWidgets/QApplication>

#include <algorithm>
#include <cstdio>
#include <vector>

using namespace Qt::StringLiterals;
using namespace capiqa;

namespace {

bool paneHasOk(gui::LogPane *pane, int known)
{
    const log::LogModel *model = pane->model();
    for (int row = known; row < model->rowCount(); ++row) {
        if (model->entry(row).httpStatus == 200)
            return true;
    }
    return false;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

} // namespace

int main(int argc, char *argv[])
{
    QApplication app(argc, argv);
    const int reps = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    std::vector<double> windowMs, sendMs;
    for (int rep = 0; rep < reps; ++rep) {
        QTemporaryDir dir;
        QSettings settings(dir.filePath(u"capiqa.ini"_s), QSettings::IniFormat);
        settings::ProfileStore profiles(&settings);
        settings::SecretStore secrets(u"capiqa-bench-console"_s);
        settings::AppSettings appSettings(&settings);
        settings::Preferences preferences(&settings);
        log::LogBus requestLog, emulatorLog;
        transport::CapiClient client(&requestLog);
        emulator::GraphEmulator emulator;
        if (!emulator.listen(QHostAddress::LocalHost, 0)) {
            std::fprintf(stderr, "emulator: %s\n", qPrintable(emulator.errorString()));
            return 1;
        }
        log::EmulatorLog link(&emulator, &emulatorLog);
        settings::Profile local = *profiles.defaultProfile();
        local.baseUrl = emulator.baseUrl().toString();
        (void)profiles.update(local);
        gui::ConsoleServices services{&profiles, &secrets, &appSettings, &client, &requestLog, &emulatorLog, &emulator, &preferences};

        QElapsedTimer clock;
        clock.start();
        gui::MainWindow window(services);
        window.resize(1440, 900);
        window.winId();
        bool exposed = false;
        struct Probe : QObject {
            bool *flag;
            explicit Probe(bool *f) : flag(f) {}
            bool eventFilter(QObject *o, QEvent *e) override
            {
                if (e->type() == QEvent::Expose)
                    *flag = true;
                return QObject::eventFilter(o, e);
            }
        } probe(&exposed);
        window.windowHandle()->installEventFilter(&probe);
        window.show();
        while (!exposed)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
        QCoreApplication::processEvents(); // the paint that follows the expose
        windowMs.push_back(double(clock.nsecsElapsed()) / 1e6);

        const int knownRequests = window.requestLogPane()->model()->rowCount();
        const int knownEmulator = window.emulatorLogPane()->model()->rowCount();
        clock.restart();
        window.composer()->send();
        QElapsedTimer guard;
        guard.start();
        while (!(paneHasOk(window.requestLogPane(), knownRequests) && paneHasOk(window.emulatorLogPane(), knownEmulator))) {
            if (guard.elapsed() > 10'000) {
                std::fprintf(stderr, "the send did not reach both panes within 10 s\n");
                return 1;
            }
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
        }
        sendMs.push_back(double(clock.nsecsElapsed()) / 1e6);
        window.close();
    }
    std::printf("capiqa-console window_shown_ms=%.1f first_send_both_panes_ms=%.1f best_window_ms=%.1f best_send_ms=%.1f reps=%d\n",
                median(windowMs), median(sendMs), *std::min_element(windowMs.begin(), windowMs.end()),
                *std::min_element(sendMs.begin(), sendMs.end()), reps);
    return 0;
}
