// capiqa-bench-dedupage: what the dedup page costs the GUI thread once the worker has matched N
// browser + N server events: the verdict table (model → filter → display proxy) taking the
// result, a category filter, a text filter over every row, a sort by value, the charts (with the
// delay histogram) and one selected pair's payload comparison. The matching itself runs on the
// worker (see capiqa-bench-dedup); this is what the user waits for after it.
//
// Output: one line "capiqa-dedupage events=… <step>_ms=…" on stdout. See bench/README.md.
#include "benchrng.h"
#include "dedup/matcher.h"
#include "dedup/payloaddiff.h"
#include "dedup/verdictfilter.h"
#include "dedup/verdictmodel.h"
#include "models/verdictdisplaymodel.h"
#include "widgets/dedupcharts.h"

#include <QtCore/QElapsedTimer>
#include <QtWidgets/QApplication>

#include <cstdio>

using namespace capiqa;
using namespace Qt::StringLiterals;

namespace {

// One conversion per pair; most deduplicate, some carry an id prefix, a few have no server twin.
std::shared_ptr<dedup::DedupAnalysis> corpus(qint64 perSide)
{
    auto analysis = std::make_shared<dedup::DedupAnalysis>();
    auto &events = analysis->captures.events;
    events.reserve(size_t(perSide * 2));
    bench::Rng rng(20260101);
    const QString pixel = u"1234567890"_s, purchase = u"Purchase"_s, eur = u"EUR"_s;
    const qint64 t0 = 1767225600LL * 1000;
    for (qint64 i = 0; i < perSide; ++i) {
        capture::CapturedEvent b;
        b.side = capture::Side::Browser;
        b.pixelId = pixel;
        b.eventName = purchase;
        b.currency = eur;
        b.value = double(rng.below(20000)) / 100;
        b.hasValue = true;
        b.eventId = (rng.chance(80) ? u"purchase_"_s : u"o-"_s) + QString::number(i);
        b.timeMs = t0 + i * 1000;
        b.rawTime = b.timeMs;
        b.timeUnit = capture::TimeUnit::Milliseconds;
        capture::CapturedEvent s = b;
        s.side = capture::Side::Server;
        s.eventId = u"o-"_s + QString::number(i);
        s.timeMs = b.timeMs + qint64(rng.below(30000));
        s.rawTime = s.timeMs / 1000;
        s.timeUnit = capture::TimeUnit::Seconds;
        events.push_back(std::move(b));
        if (!rng.chance(30))
            events.push_back(std::move(s));
    }
    analysis->result = dedup::Matcher().match(events);
    return analysis;
}

} // namespace

int main(int argc, char *argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    qint64 perSide = 1'000'000;
    const QStringList args = QCoreApplication::arguments();
    if (const qsizetype i = args.indexOf(u"--events"_s); i >= 0 && i + 1 < args.size())
        perSide = std::max<qint64>(1, args.at(i + 1).toLongLong());
    std::fprintf(stderr, "generating and matching %lld events per side…\n", static_cast<long long>(perSide));
    const dedup::DedupAnalysisPtr analysis = corpus(perSide);

    dedup::VerdictModel model;
    dedup::VerdictFilterModel filter;
    filter.setSourceModel(&model);
    gui::VerdictDisplayModel display(app.palette());
    display.setSourceModel(&filter);
    gui::DedupCharts charts;
    QElapsedTimer timer;
    const auto step = [&timer] { return double(timer.nsecsElapsed()) / 1e6; };

    timer.start();
    model.setAnalysis(analysis);
    const int shown = display.rowCount(); // the proxies map their rows when first asked
    const double table = step();
    timer.restart();
    filter.setCategory(dedup::Category::IdMismatch);
    const int mismatches = display.rowCount();
    const double category = step();
    filter.setCategory(std::nullopt);
    timer.restart();
    filter.setText(u"purchase_4242"_s);
    const int found = display.rowCount();
    const double text = step();
    filter.setText({});
    timer.restart();
    filter.sort(dedup::VerdictModel::ValueColumn);
    (void)filter.index(0, 0).data();
    const double sort = step();
    timer.restart();
    charts.setAnalysis(analysis.get());
    const double chartsMs = step();
    timer.restart();
    const auto &e = analysis->captures.events;
    const qint32 other = analysis->result.verdicts[0].counterpart;
    const auto rows = dedup::comparePayloads(dedup::payloadFields(analysis->captures, e[0]),
                                             dedup::payloadFields(analysis->captures, e[size_t(std::max(other, 0))]), e[0],
                                             e[size_t(std::max(other, 0))]);
    const double detail = step();
    std::printf("capiqa-dedupage events=%zu rows=%d id_mismatch=%d text_hits=%d table_ms=%.1f category_filter_ms=%.1f text_filter_ms=%.1f "
                "sort_ms=%.1f charts_ms=%.1f detail_ms=%.2f fields=%lld\n",
                e.size(), shown, mismatches, found, table, category, text, sort, chartsMs, detail, static_cast<long long>(rows.size()));
    return 0;
}
