// capiqa-cli: the core of CAPI QA Console for scripts and CI.
#include "buildinfo.h"
#include "clioutput.h"
#include "commands.h"
#include "io/allocator.h"

#include <QtCore/QCoreApplication>

#include <functional>

using namespace Qt::StringLiterals;
using namespace capiqa::cli;

namespace {

struct Command {
    QString name;
    QString summary;
    std::function<int(const QStringList &)> run;
};

const QList<Command> &commands()
{
    static const QList<Command> list{
        {u"hash"_s, u"normalize and hash PII as Meta's official implementations do"_s, runHash},
        {u"build"_s, u"raw fields (a small JSON or flags) in, a hashed request body out"_s, runBuild},
        {u"send"_s, u"hash raw events per profile and send them (default: the local emulator)"_s, runSend},
        {u"replay"_s, u"replay a funnel for many users; every event accounted for, resumable"_s, runReplay},
        {u"serve"_s, u"run the built-in local Graph API emulator (no Meta account needed)"_s, runServe},
        {u"validate"_s, u"check request bodies the way Meta does, plus the mistakes that lose conversions"_s, runValidate},
        {u"dedup"_s, u"match Pixel captures (HAR) with server events and explain every double count or loss"_s, runDedup},
    };
    return list;
}

QString usage()
{
    QString text = u"Usage: capiqa-cli <command> [options]   (capiqa-cli <command> --help for details)\n\n"
                   "CAPI QA Console on the command line: test Meta Pixel and Conversions API tracking.\n\nCommands:\n"_s;
    for (const Command &c : commands())
        text += u"  %1  %2\n"_s.arg(c.name, -10).arg(c.summary);
    text += u"\nExit codes:\n"
            "  0  success\n"
            "  1  the input was read and has errors (validate: error findings)\n"
            "  2  bad command line\n"
            "  3  some input lines or values could not be used; the others were processed\n"
            "  4  a file could not be opened, read or written\n"_s;
    return text;
}

} // namespace

int main(int argc, char *argv[])
{
    capiqa::io::tuneAllocatorForLargeBuffers();
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"capiqa-cli"_s);
    QCoreApplication::setApplicationVersion(capiqa::buildinfo::fullVersion());

    QStringList args = QCoreApplication::arguments();
    if (args.size() < 2 || args.at(1) == u"--help"_s || args.at(1) == u"-h"_s || args.at(1) == u"help"_s) {
        printText(usage());
        return args.size() < 2 ? ExitUsage : ExitOk;
    }
    if (args.at(1) == u"--version"_s || args.at(1) == u"-v"_s) {
        printText(u"capiqa-cli "_s + QCoreApplication::applicationVersion() + u'\n');
        return ExitOk;
    }
    const QString name = args.at(1);
    for (const Command &c : commands()) {
        if (c.name == name) {
            args.removeAt(1);
            args[0] = u"capiqa-cli "_s + name;
            return c.run(args);
        }
    }
    printError(name, u"unknown command; run capiqa-cli --help"_s);
    return ExitUsage;
}
