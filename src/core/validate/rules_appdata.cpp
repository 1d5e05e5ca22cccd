// Rules for action_source "app": app_data with the two tracking flags and the 16-entry extinfo
// device description, whose first entry says the platform ("a2" Android, "i2" iOS).
#include "rules.h"

namespace capiqa::validate::detail {

using namespace Qt::StringLiterals;

namespace {

constexpr qsizetype ExtinfoSize = 16;

constexpr QLatin1StringView TrackingFlags[] = {"advertiser_tracking_enabled"_L1, "application_tracking_enabled"_L1};

const QString &extinfoFix()
{
    static const QString fix =
        u"Send extinfo as a list of exactly 16 values: [\"a2\" or \"i2\", app package name, short version, long "
        "version, OS version, device model, locale, timezone abbreviation, carrier, screen width, screen height, "
        "screen density, CPU cores, external storage GB, free storage GB, device timezone]."_s;
    return fix;
}

void checkFlag(const QJsonObject &appData, QLatin1StringView flag, const Path &appPath, Report &report)
{
    const Path path = childPath(appPath, flag);
    const QJsonValue v = appData.value(flag);
    if (isAbsent(v)) {
        report.add("app_data.flag_missing"_L1, path,
                   u"app_data has no %1. Meta requires it for app events and rejects the request without it."_s.arg(flag),
                   u"Add \"%1\": true or false, from the device's tracking permission (ATT on iOS)."_s.arg(flag));
        return;
    }
    // Meta's app-events documentation uses 0/1; JSON true/false mean the same.
    if (v.isBool() || (v.isDouble() && (v.toDouble() == 0 || v.toDouble() == 1)))
        return;
    report.add("app_data.flag_type"_L1, path, u"%1 is %2 (%3) but must be true or false."_s.arg(flag, typeName(v), preview(v)),
               u"Send a JSON true or false without quotes."_s);
}

} // namespace

void checkAppData(const Members &event, const Path &eventPath, Report &report)
{
    const Path appPath = childPath(eventPath, u"app_data");
    const QJsonValue v = event.value("app_data"_L1);
    if (isAbsent(v)) {
        report.add("app_data.missing"_L1, appPath,
                   u"This app event has no app_data. Meta requires it for action_source \"app\" and rejects the "
                   "request without it."_s,
                   u"Add \"app_data\" with advertiser_tracking_enabled, application_tracking_enabled and the 16-value extinfo."_s);
        return;
    }
    if (!v.isObject()) {
        report.add("app_data.type"_L1, appPath, u"app_data is %1 but must be an object."_s.arg(typeName(v)),
                   u"Send app_data as {\"advertiser_tracking_enabled\": …, \"application_tracking_enabled\": …, \"extinfo\": […]}."_s);
        return;
    }
    const QJsonObject appData = v.toObject();
    for (QLatin1StringView flag : TrackingFlags)
        checkFlag(appData, flag, appPath, report);

    const Path path = childPath(appPath, u"extinfo");
    const QJsonValue extinfo = appData.value("extinfo"_L1);
    if (isAbsent(extinfo)) {
        report.add("app_data.extinfo_missing"_L1, path,
                   u"app_data has no extinfo (the device description). Meta requires it for app events."_s, extinfoFix());
        return;
    }

    // The Node SDK sends extinfo as an object keyed "0".."15"; Meta accepts both shapes.
    QJsonValue first;
    Path firstPath;
    if (extinfo.isArray()) {
        const QJsonArray list = extinfo.toArray();
        if (list.size() != ExtinfoSize) {
            report.add("app_data.extinfo_length"_L1, path,
                       u"extinfo has %1 entries; Meta needs exactly 16 and rejects the request otherwise."_s.arg(list.size()),
                       extinfoFix());
        }
        first = list.isEmpty() ? QJsonValue(QJsonValue::Undefined) : list.at(0);
        firstPath = indexPath(path, 0);
    } else if (extinfo.isObject()) {
        const QJsonObject map = extinfo.toObject();
        QStringList missing;
        for (qsizetype i = 0; i < ExtinfoSize; ++i) {
            if (!map.contains(QString::number(i)))
                missing.append(QString::number(i));
        }
        if (!missing.isEmpty() || map.size() != ExtinfoSize) {
            report.add("app_data.extinfo_length"_L1, path,
                       u"extinfo has %1 entries%2; Meta needs exactly 16, keyed \"0\" to \"15\"."_s.arg(map.size()).arg(
                           missing.isEmpty() ? QString() : u" (missing: %1)"_s.arg(missing.join(u", "_s))),
                       extinfoFix());
        }
        first = map.value("0"_L1);
        firstPath = childPath(path, u"0");
    } else {
        report.add("app_data.extinfo_type"_L1, path, u"extinfo is %1 but must be a list of 16 values."_s.arg(typeName(extinfo)),
                   extinfoFix());
        return;
    }
    if (first.isUndefined())
        return; // already reported as a wrong length
    const QString version = first.toString();
    if (version != u"a2"_s && version != u"i2"_s) {
        report.add("app_data.extinfo_version"_L1, firstPath,
                   u"The first extinfo value is %1; it must be \"a2\" (Android) or \"i2\" (iOS), so Meta knows "
                   "how to read the rest."_s.arg(preview(first)),
                   u"Start extinfo with \"a2\" for Android or \"i2\" for iOS, lowercase."_s);
    }
}

} // namespace capiqa::validate::detail
