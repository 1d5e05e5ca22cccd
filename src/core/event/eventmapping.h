#pragma once

#include <QtCore/QByteArray>
#include <QtCore/QList>
#include <QtCore/QString>

#include <optional>

namespace capiqa::event {

/// The editable table from an app's own event names to Conversions API event names (seed 000:
/// signup_started → Lead, …, purchase_completed → Purchase). A new instance holds the built-in
/// defaults, which resources/app-event-mapping.json repeats. Lookups are exact: "Signup_Started"
/// is not "signup_started", just as Meta's event names are case-sensitive.
///
/// File format: {"format": "capiqa-app-event-mapping", "version": 1,
///               "mappings": [{"app_event": "signup_started", "event_name": "Lead", "note": "…"}]}
class EventMapping final
{
public:
    struct Entry {
        QString appEvent;
        QString eventName;
        QString note; ///< why this mapping (optional)
        friend bool operator==(const Entry &, const Entry &) = default;
    };

    /// Holds the built-in defaults.
    EventMapping();

    static QList<Entry> defaultEntries();

    /// Replace the table with the file's. On any error the table is left unchanged and the
    /// message names the line and column (syntax) or the JSON path (structure).
    bool load(const QString &fileName, QString *error = nullptr);
    bool loadJson(const QByteArray &json, QString *error = nullptr);
    /// Writes atomically (QSaveFile).
    bool save(const QString &fileName, QString *error = nullptr) const;
    QByteArray toJson() const;

    /// The CAPI event name for an app event; nullopt when unmapped.
    std::optional<QString> lookup(QStringView appEvent) const;
    bool contains(QStringView appEvent) const { return indexOf(appEvent) >= 0; }
    /// Adds or replaces (keeping its place). Fails for an empty or space-padded name.
    bool set(const QString &appEvent, const QString &eventName, const QString &note = {}, QString *error = nullptr);
    bool remove(QStringView appEvent);
    void clear() { m_entries.clear(); }
    void resetToDefaults() { m_entries = defaultEntries(); }

    const QList<Entry> &entries() const { return m_entries; }
    qsizetype size() const { return m_entries.size(); }

    friend bool operator==(const EventMapping &, const EventMapping &) = default;

private:
    qsizetype indexOf(QStringView appEvent) const;

    QList<Entry> m_entries;
};

} // namespace capiqa::event
