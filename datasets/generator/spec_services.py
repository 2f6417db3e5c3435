"""Service, app and guide documents of the Kestrune knowledge base, and the company profile."""

from __future__ import annotations

from kbspec import A, C, D

SERVICE_DOCS = [
    D(
        "app-kestrune-trailhead",
        "Kestrune Trailhead App",
        "Kestrune Trailhead app",
        "service",
        """
The Kestrune Trailhead app is the companion app for every connected Kestrune product. It sets up
Tessel navigators, Beaconet messengers, Glimra cameras and Nimbrel stations, installs their firmware
updates, and shows tracks, photos and weather readings in one place.

## Versions and requirements

The current release of the Kestrune Trailhead app is version {{version}}, available for phones and
tablets. On Android it needs {{android}} or later; on iPhone, one of the two most recent major
versions of iOS. One account can pair up to {{devices}}, which is enough for most families and small
teams.

## Maps

The free version of the app includes offline topographic maps for an area of up to {{area}}, which
you choose by drawing a rectangle on the map. Larger areas, the TopoPlus map packs for Tessel
navigators and satellite imagery need a subscription. [[premium]] Premium also adds weather
overlays, route planning on a computer and unlimited track history.

## Privacy and data

Tracks recorded by the app stay on the phone until you sync them. Positions sent by Beaconet
messengers are kept in your account for the period set out in the Kestrune privacy policy. The app
works without an account for basic navigation, but pairing devices requires one.

## Help

Each screen of the Kestrune Trailhead app has a question mark that opens the matching help page,
and feedback can be sent from the settings menu. Known problems and their fixes are listed in the
release notes shown after each update.
""",
        [
            C(
                "version",
                "current version",
                "3.8.2",
                [
                    "What is the current version of the Kestrune Trailhead app?",
                    "Which version of the Kestrune Trailhead app is the latest?",
                    "What version number does the current Kestrune Trailhead app have?",
                    "What is the latest release of the Kestrune Trailhead app?",
                    "If I install the Kestrune Trailhead app today, which version will I get?",
                    "Which build of the Kestrune Trailhead app is the newest one available?",
                ],
                v2="4.1.0",
                customer="I think my Trailhead app is out of date — what's the newest version?",
            ),
            C(
                "android",
                "minimum Android version",
                "Android 11",
                [
                    "What is the minimum Android version for the Kestrune Trailhead app?",
                    "Which Android version does the Kestrune Trailhead app need?",
                    "What Android release is required by the Kestrune Trailhead app?",
                    "What is the oldest Android version the Kestrune Trailhead app supports?",
                    "My phone runs an old Android: which version must it have at least to install "
                    "the Kestrune Trailhead app?",
                    "Below which Android release will the Kestrune Trailhead app not run?",
                ],
                customer="My phone's pretty old and runs Android — what's the minimum version I "
                "need for the Trailhead app?",
            ),
            C(
                "devices",
                "maximum paired devices",
                "12 devices",
                [
                    "How many devices can one account pair in the Kestrune Trailhead app?",
                    "What is the maximum number of paired devices in the Kestrune Trailhead app?",
                    "How many devices can the Kestrune Trailhead app connect to one account?",
                    "What is the device limit per account in the Kestrune Trailhead app?",
                    "If my whole team pairs its gear to one login, how many items can the "
                    "Kestrune Trailhead app hold?",
                    "Up to how many products may be linked to a single account in the Kestrune "
                    "Trailhead app?",
                ],
                v2="16 devices",
                customer="Our family has loads of your gadgets — how many can we pair to one "
                "Trailhead account?",
            ),
            C(
                "area",
                "free offline map area",
                "500 km²",
                [
                    "How large an area of offline maps does the free Kestrune Trailhead app "
                    "include?",
                    "What is the free offline map area of the Kestrune Trailhead app?",
                    "How much offline map coverage is free in the Kestrune Trailhead app?",
                    "What size of offline map can I download for free in the Kestrune Trailhead "
                    "app?",
                    "Without paying, how big a region can I save for offline use in the Kestrune "
                    "Trailhead app?",
                    "What is the surface limit on free topographic downloads in the Kestrune "
                    "Trailhead app?",
                ],
                customer="I don't want to pay for premium — how big an area of offline maps can I "
                "download for free in the Trailhead app?",
            ),
            A("monthly price", "€2.99", "€3.49", key="premium", subject="Trailhead Premium plan"),
        ],
    ),
    D(
        "service-beaconet-plans",
        "Beaconet Satellite Plans",
        "Beaconet satellite plans",
        "service",
        """
Every Beaconet messenger needs a satellite plan to send messages, share its location and raise an
SOS alert. The plans below work with the Beaconet S1, S2 and S3, and you can change plan once a
month in the Kestrune Trailhead app.

## The plans

The Beaconet Trek plan costs {{trek-price}} a month. It includes {{trek-msgs}} per month and suits
occasional hikers who mostly send check-in messages. The Beaconet Summit plan costs
{{summit-price}} a month and comes with {{summit-msgs}} every month, enough for daily updates on a
long trek. Tracking points are free on both plans and do not count as messages. [[exp-price]] The
Expedition plan has no message limit and adds weather forecasts on
request, which makes it the usual choice for long trips.

## Activation and contracts

Each device is activated once, for a one-off activation fee of {{activation}}, which is waived when
a plan is bought together with a new device. Plans run from month to month, and you can suspend a
plan for up to six months a year, paying a small fee instead of the full price while the device is
not in use.

## Extra messages

Messages beyond your allowance are charged individually and shown in your account before the end
of each month. Replies from friends and family are free to receive.

## SOS

An SOS alert is always free, on every plan, and is handled by the rescue coordination partner
described in the guide to the Beaconet SOS service. Search and rescue costs are not covered by the
plans.
""",
        [
            A("monthly price", "€11.99", "€12.99", key="trek-price", subject="Beaconet Trek plan"),
            A("included messages", "40 messages", key="trek-msgs", subject="Beaconet Trek plan"),
            A("monthly price", "€19.99", key="summit-price", subject="Beaconet Summit plan"),
            A(
                "included messages",
                "250 messages",
                key="summit-msgs",
                subject="Beaconet Summit plan",
            ),
            A("monthly price", "€34.99", key="exp-price", subject="Beaconet Expedition plan"),
            C(
                "activation",
                "activation fee",
                "€24.95",
                [
                    "What is the activation fee for Beaconet satellite plans?",
                    "How much does it cost to activate a device on Beaconet satellite plans?",
                    "What one-off fee do Beaconet satellite plans charge for activation?",
                    "How much is the activation charge of Beaconet satellite plans?",
                    "When I first switch on satellite service for my messenger, what do Beaconet "
                    "satellite plans charge me once?",
                    "What is the single set-up payment required by Beaconet satellite plans?",
                ],
                customer="I bought my Beaconet second-hand and need to start a satellite plan — "
                "what's the one-off fee to activate it?",
            ),
        ],
    ),
    D(
        "service-nimbrel-cloud",
        "Nimbrel Cloud",
        "Nimbrel Cloud",
        "service",
        """
Nimbrel Cloud stores the readings of connected Nimbrel weather stations and makes them available on
the web, in the Kestrune Trailhead app and through an API. The Nimbrel WS6 and the Nimbrel WS8
upload to it automatically once they are on a Wi-Fi network; the Nimbrel WS4 cannot connect.

## The free tier

Every connected station gets the free tier. Nimbrel Cloud keeps the readings of the free tier for
{{free}}, shows them as charts and tables, and lets you set up to {{alerts}}, for example a frost
warning or a heavy rain notice sent to your phone.

## Nimbrel Cloud Pro

[[pro]] With Pro, Nimbrel Cloud keeps your full history for {{history}} and lets you export it as
CSV files. Pro also adds unlimited alert rules, a public station page that can be embedded in a
club or school website, and comparison charts across several stations.

## The API

Developers can read their own station data through the Nimbrel Cloud API with a personal key. The
API allows {{api}} per key, which is plenty for a dashboard that refreshes every minute. Keys can
be created and revoked in the account settings.

## Data and privacy

Station data belongs to the station owner. Public station pages show the data you choose to share
and never show the exact location of a station at a private home.
""",
        [
            C(
                "free",
                "free tier history",
                "120 days",
                [
                    "How long does Nimbrel Cloud keep readings on the free tier?",
                    "What is the free tier history of Nimbrel Cloud?",
                    "For how many days does Nimbrel Cloud store data without Pro?",
                    "How much history does the Nimbrel Cloud free tier keep?",
                    "If I never pay for an upgrade, how far back can I look at my readings in "
                    "Nimbrel Cloud?",
                    "What retention period applies to the no-cost tier of Nimbrel Cloud?",
                ],
                customer="I'm on the free version of Nimbrel Cloud for my weather station — how "
                "long does it keep my readings?",
            ),
            C(
                "alerts",
                "free tier alert rules",
                "12 alert rules",
                [
                    "How many alert rules does the Nimbrel Cloud free tier allow?",
                    "What is the alert limit on the free tier of Nimbrel Cloud?",
                    "How many alerts can I set up in Nimbrel Cloud for free?",
                    "What number of alert rules is included in the Nimbrel Cloud free tier?",
                    "Without subscribing, how many frost or rain warnings can I configure in "
                    "Nimbrel Cloud?",
                    "What cap on notifications applies to free users of Nimbrel Cloud?",
                ],
                customer="I want frost and rain warnings from my weather station without paying — "
                "how many alerts can I set on the free cloud tier?",
            ),
            A("monthly price", "€3.50", key="pro", subject="Nimbrel Cloud Pro plan"),
            C(
                "history",
                "Pro history retention",
                "10 years",
                [
                    "How long does Nimbrel Cloud keep history with Pro?",
                    "What is the Pro history retention of Nimbrel Cloud?",
                    "For how long does Nimbrel Cloud Pro store readings?",
                    "How much history does Nimbrel Cloud keep for Pro subscribers?",
                    "If I upgrade to the paid tier, how far back will Nimbrel Cloud hold my "
                    "station data?",
                    "What storage period applies to the paid tier of Nimbrel Cloud?",
                ],
                customer="Thinking of upgrading my weather station's cloud account to Pro — how "
                "long would my data be kept then?",
            ),
            C(
                "api",
                "API rate limit",
                "600 requests per hour",
                [
                    "What is the API rate limit of Nimbrel Cloud?",
                    "How many API requests does Nimbrel Cloud allow per key?",
                    "What request limit applies to the Nimbrel Cloud API?",
                    "How often can I call the Nimbrel Cloud API?",
                    "If my dashboard polls the station data, how many calls does Nimbrel Cloud "
                    "accept from one key?",
                    "What throttle does Nimbrel Cloud put on programmatic access?",
                ],
                customer="I'm building a little dashboard for my weather station — how many calls "
                "can I make to the cloud API with one key?",
            ),
        ],
    ),
    D(
        "service-calibration",
        "Nimbrel Calibration Service",
        "Nimbrel calibration service",
        "service",
        """
Weather sensors drift slowly as they age in sun, frost and dust. The Nimbrel calibration service
checks the sensors of Nimbrel weather stations against reference instruments, adjusts them and
issues a certificate, which schools and farms often need for subsidies and research projects.

## What is checked

Temperature, humidity, pressure and rainfall are checked on every station; wind speed and solar
radiation are added for the Nimbrel WS8. Sensors that cannot be brought within tolerance are
replaced at cost, after you have agreed to the price.

## How often

For stations used in research or for official records, Kestrune recommends calibration every
{{interval}}. Home users rarely need it, unless the readings start to disagree with a nearby
official station.

## Price and turnaround

The Nimbrel calibration service costs {{fee}} per station, including the certificate and return
shipping. Stations are returned within {{turnaround}} of arrival. Your console keeps working during
that time, but it shows no outdoor readings.

## Where the work is done

Calibrations are carried out at the Kestrune sensor laboratory in {{lab}}, which is accredited
under number {{accreditation}}. Each certificate quotes that number and the reference instruments
used, so auditors can trace every measurement.

## Booking

Book a slot in your Kestrune account, print the shipping label and pack the sensor suite in its
original box if you still have it. Customers of the Kestrune Field Study programme pay the same
price, but their slots are booked outside the busy spring season.
""",
        [
            C(
                "interval",
                "recommended interval",
                "16 months",
                [
                    "How often does the Nimbrel calibration service recommend calibration?",
                    "What is the recommended interval of the Nimbrel calibration service?",
                    "At what interval should stations use the Nimbrel calibration service?",
                    "How frequently does Kestrune advise using the Nimbrel calibration service?",
                    "If my station feeds official records, how long should I wait between visits "
                    "to the Nimbrel calibration service?",
                    "What gap between checks does the Nimbrel calibration service advise for "
                    "research stations?",
                ],
                customer="Our school station feeds into a research project — how often should we "
                "get it calibrated?",
            ),
            C(
                "fee",
                "calibration fee",
                "€59",
                [
                    "How much does the Nimbrel calibration service cost?",
                    "What is the fee for the Nimbrel calibration service?",
                    "What does the Nimbrel calibration service charge per station?",
                    "What is the price of the Nimbrel calibration service?",
                    "If I send my weather station for a certificate, what will the Nimbrel "
                    "calibration service bill me?",
                    "How much money does one station's visit to the Nimbrel calibration service "
                    "cost?",
                ],
                v2="€65",
                customer="I need a calibration certificate for our farm's Nimbrel weather station "
                "— what does that cost?",
            ),
            C(
                "turnaround",
                "turnaround time",
                "11 working days",
                [
                    "How long does the Nimbrel calibration service take?",
                    "What is the turnaround of the Nimbrel calibration service?",
                    "How quickly does the Nimbrel calibration service return stations?",
                    "Within what time are stations sent back by the Nimbrel calibration service?",
                    "If my sensors arrive at the lab on Monday, how long until the Nimbrel "
                    "calibration service ships them back?",
                    "What is the usual wait for a station sent to the Nimbrel calibration service?",
                ],
                customer="If I send my weather station in for calibration, how long will I be "
                "without outdoor readings?",
            ),
            C(
                "lab",
                "laboratory location",
                "Vessby",
                [
                    "Where is the Nimbrel calibration service carried out?",
                    "In which town is the laboratory of the Nimbrel calibration service?",
                    "Where does the Nimbrel calibration service do its work?",
                    "What is the location of the Nimbrel calibration service lab?",
                    "To which town are sensors sent for the Nimbrel calibration service?",
                    "Where are the reference instruments used by the Nimbrel calibration service "
                    "kept?",
                ],
                kind="place",
                customer="Which town is the lab that calibrates Nimbrel weather stations in?",
            ),
            C(
                "accreditation",
                "accreditation number",
                "KCL-0417",
                [
                    "What is the accreditation number of the Nimbrel calibration service?",
                    "Under what number is the Nimbrel calibration service accredited?",
                    "Which accreditation number does the Nimbrel calibration service quote?",
                    "What number identifies the accreditation of the Nimbrel calibration service?",
                    "Which reference code on my certificate proves the Nimbrel calibration "
                    "service is accredited?",
                    "What registration code appears on certificates issued by the Nimbrel "
                    "calibration service?",
                ],
                customer="Our auditor is asking for the accreditation number of your weather "
                "station calibration lab — what is it?",
            ),
        ],
    ),
    D(
        "service-rentals",
        "Kestrune Rentals",
        "Kestrune Rentals",
        "service",
        """
Kestrune Rentals hires out field electronics for expeditions, events and short projects, so you can
take a satellite messenger or a power station on one trip without buying it. Rental devices are
serviced and updated between hires and arrive fully charged.

## What you can rent

The most requested devices are listed below with their daily prices; the full list, including
weather stations and trail cameras, is in the online catalogue. [[a300]] [[s3]] [[p1200]] A
Beaconet rental includes a satellite plan with unlimited messages for the rental period.

## Rental periods

The minimum rental period at Kestrune Rentals is {{minimum}}. Longer hires are discounted
automatically: the eighth day onward is charged at half price. Devices are sent out two working
days before the start date and can be returned from any Nordpak pick-up point.

## Damage and loss

An optional damage waiver costs {{waiver}} per device and day. With it, accidental damage is
covered in full, and a lost device is charged at a quarter of its price. Without it, repairs are
charged at the rates of the Kestrune repair service.

## Booking

Book online at least a week ahead in summer. Kestrune business accounts and members of the Kestrune
Field Study programme can pay by invoice, and rescue teams can ask customer support for emergency
hires at short notice.
""",
        [
            A("daily rental price", "€9.50", "€8.50", key="a300", subject="Tessel A300"),
            A("daily rental price", "€6.80", key="s3", subject="Beaconet S3"),
            A("daily rental price", "€17.50", key="p1200", subject="Ampora P1200"),
            C(
                "minimum",
                "minimum rental period",
                "72 hours",
                [
                    "What is the minimum rental period at Kestrune Rentals?",
                    "How short can a hire from Kestrune Rentals be?",
                    "What is the shortest rental Kestrune Rentals offers?",
                    "How long must I rent for at least with Kestrune Rentals?",
                    "If I only need a messenger for a weekend, what is the least time I can book "
                    "with Kestrune Rentals?",
                    "What minimum duration does a booking with Kestrune Rentals have?",
                ],
                customer="I only need a satellite messenger for one overnight trip — what's the "
                "shortest period I can rent one for?",
            ),
            C(
                "waiver",
                "damage waiver price",
                "€2.40",
                [
                    "How much is the damage waiver at Kestrune Rentals?",
                    "What does the damage waiver cost per day at Kestrune Rentals?",
                    "What is the price of the Kestrune Rentals damage waiver?",
                    "How much does Kestrune Rentals charge for the damage waiver?",
                    "If I want accidental damage covered on my hire from Kestrune Rentals, what "
                    "does it add per device and day?",
                    "What daily sum buys optional damage cover from Kestrune Rentals?",
                ],
                customer="If I rent a power station from you, how much extra per day is the "
                "optional damage waiver?",
            ),
        ],
    ),
    D(
        "guide-tessel-maps",
        "Tessel TopoPlus Map Packs",
        "TopoPlus map packs",
        "guide",
        """
TopoPlus map packs add detailed topographic maps to Tessel navigators and to the Kestrune
Trailhead app. They show footpaths, huts, water sources, land cover and contour lines, and they
work offline once installed.

## The packs

TopoPlus map packs come in two sizes. A regional pack covers one mountain range or national park,
and a continental pack covers a whole continent. [[regional]] [[continental]] Both are bought once
and include map updates for as long as the pack remains on sale.

## Map data

The maps are drawn from survey data licensed from {{partner}}, combined with paths reported by
Tessel owners and checked by Kestrune's cartographers. TopoPlus map packs are updated every
{{updates}}, and the Trailhead app offers each update automatically. Contour lines in TopoPlus map
packs are drawn at an interval of {{contours}}, with index lines every fifth contour.

## Storage

A regional pack usually needs less than one gigabyte. The continental pack for Europe needs
{{size}} of space, so it fits on the internal memory of every Tessel navigator, although on the
Tessel A200 it leaves little room for other maps.

## Installing

Buy the pack in the Kestrune Trailhead app, connect the navigator to Wi-Fi or to the app over
Bluetooth, and choose Install. Packs can be moved between your own devices as often as you like,
but they cannot be shared with other accounts.
""",
        [
            A("price", "€29", key="regional", subject="TopoPlus Regional pack"),
            A("price", "€84", "€74", key="continental", subject="TopoPlus Continental pack"),
            C(
                "partner",
                "map data partner",
                "Kartvik Survey",
                [
                    "Which company supplies the survey data for TopoPlus map packs?",
                    "Who licenses map data for TopoPlus map packs?",
                    "What is the data partner of TopoPlus map packs?",
                    "Where does the survey data in TopoPlus map packs come from?",
                    "Which surveying firm do the contour and land data of TopoPlus map packs "
                    "originate from?",
                    "Whose survey data forms the basis of TopoPlus map packs?",
                ],
                kind="org",
                customer="Where does the map data in the TopoPlus packs come from — which survey "
                "company?",
            ),
            C(
                "updates",
                "map update interval",
                "13 weeks",
                [
                    "How often are TopoPlus map packs updated?",
                    "What is the update interval of TopoPlus map packs?",
                    "How frequently do TopoPlus map packs receive updates?",
                    "At what interval are new versions of TopoPlus map packs released?",
                    "If I bought my maps today, how long until TopoPlus map packs get their next "
                    "refresh?",
                    "What is the gap between two map updates for TopoPlus map packs?",
                ],
                customer="I bought a TopoPlus pack for my Tessel — how often do the maps get "
                "refreshed?",
            ),
            C(
                "contours",
                "contour interval",
                "15 metres",
                [
                    "What is the contour interval of TopoPlus map packs?",
                    "At what interval are contour lines drawn in TopoPlus map packs?",
                    "How far apart are the contour lines in TopoPlus map packs?",
                    "What vertical spacing do contours have in TopoPlus map packs?",
                    "How much height separates one contour line from the next in TopoPlus map "
                    "packs?",
                    "What elevation step do TopoPlus map packs use between contours?",
                ],
                customer="I'm planning steep routes on my Tessel — what height gap is there "
                "between contour lines on the TopoPlus maps?",
            ),
            C(
                "size",
                "Europe pack size",
                "7.4 GB",
                [
                    "How much storage does the European continental pack of TopoPlus map packs "
                    "need?",
                    "What is the size of the Europe pack in TopoPlus map packs?",
                    "How big is the continental pack for Europe in TopoPlus map packs?",
                    "How many gigabytes does the Europe continental pack of TopoPlus map packs "
                    "take?",
                    "Before installing the Europe continental download of TopoPlus map packs, "
                    "how much free space should I have?",
                    "What file size has the Europe-wide edition of TopoPlus map packs?",
                ],
                customer="I want the whole of Europe on my navigator — how much storage does the "
                "TopoPlus continental pack take?",
            ),
        ],
    ),
    D(
        "guide-beaconet-sos",
        "Beaconet SOS Service: What Happens When You Press SOS",
        "Beaconet SOS service",
        "guide",
        """
This guide explains what happens after you raise an SOS alert with a Beaconet messenger. Read it
before a trip, and share it with the people you list as emergency contacts, so that everyone knows
what to expect.

## Raising an alert

Lift the cover and hold the SOS button. A countdown of {{countdown}} starts, during which you can
cancel by pressing the button again; after that, the alert is sent with your position. The
messenger keeps sending your position every few minutes until the alert is closed.

## Who answers

Every alert of the Beaconet SOS service is received by the {{centre}}, an independent rescue
coordination centre staffed day and night. Its coordinators answer in {{languages}}, and they
contact the local rescue services of the country you are in.

## How quickly

The coordinators reply to your messenger to confirm that the alert has been received. Over the last
year, the average time from alert to that first reply was {{ack}}, measured across all regions.
Stay where you are if you can, keep the messenger's antenna facing the sky, and answer questions
when they arrive.

## Your contacts

In the Kestrune Trailhead app you can list up to {{contacts}} for the Beaconet SOS service. The
coordination centre informs them when an alert is raised and when it is closed, and it may ask them
for information about your plans, health or equipment.

## False alarms

If an alert was sent by mistake, cancel it from the messenger and reply to the coordinators. There
is no charge for a cancelled alert.
""",
        [
            C(
                "countdown",
                "SOS countdown",
                "20 seconds",
                [
                    "How long is the countdown before an alert is sent by the Beaconet SOS "
                    "service?",
                    "What is the SOS countdown of the Beaconet SOS service?",
                    "How much time do I have to cancel an alert with the Beaconet SOS service?",
                    "How long does the Beaconet SOS service wait before sending an alert?",
                    "If I press SOS by accident, how many seconds have I got to stop the Beaconet "
                    "SOS service from sending it?",
                    "What delay does the Beaconet SOS service build in before an alert goes out?",
                ],
                customer="What if I hit the SOS button on my Beaconet by mistake — how long do I "
                "have to cancel before the alert goes out?",
            ),
            C(
                "centre",
                "rescue coordination centre",
                "Aurora Response Centre",
                [
                    "Who receives alerts from the Beaconet SOS service?",
                    "Which rescue coordination centre handles the Beaconet SOS service?",
                    "What centre answers alerts of the Beaconet SOS service?",
                    "Who responds when the Beaconet SOS service raises an alert?",
                    "When I send an emergency through the Beaconet SOS service, which "
                    "organisation picks it up?",
                    "Which round-the-clock coordination team works for the Beaconet SOS service?",
                ],
                kind="org",
                customer="If I ever have to press SOS on my messenger, who actually receives the "
                "alert — which rescue centre?",
            ),
            C(
                "languages",
                "number of languages",
                "43 languages",
                [
                    "How many languages does the Beaconet SOS service support?",
                    "In how many languages do Beaconet SOS service coordinators answer?",
                    "What number of languages is covered by the Beaconet SOS service?",
                    "How many languages do the coordinators of the Beaconet SOS service speak?",
                    "If I do not speak English, how many languages could the Beaconet SOS service "
                    "use to talk to me?",
                    "What count of languages can responders at the Beaconet SOS service handle?",
                ],
                v2="51 languages",
                customer="My dad hardly speaks English and hikes with a Beaconet — in how many "
                "languages can the SOS coordinators talk to him?",
            ),
            C(
                "ack",
                "average acknowledgement time",
                "2.5 minutes",
                [
                    "What is the average acknowledgement time of the Beaconet SOS service?",
                    "How quickly does the Beaconet SOS service confirm an alert?",
                    "How long does the Beaconet SOS service take to send its first reply?",
                    "What is the average response time of the Beaconet SOS service?",
                    "After I raise an alert, how soon on average does the Beaconet SOS service "
                    "answer my messenger?",
                    "What mean delay until the first reply did the Beaconet SOS service achieve "
                    "last year?",
                ],
                customer="If I trigger an SOS on my messenger, how long on average before the "
                "rescue coordinators write back?",
            ),
            C(
                "contacts",
                "maximum emergency contacts",
                "12 emergency contacts",
                [
                    "How many emergency contacts can I list for the Beaconet SOS service?",
                    "What is the maximum number of emergency contacts in the Beaconet SOS service?",
                    "How many contacts does the Beaconet SOS service allow?",
                    "What is the emergency contact limit of the Beaconet SOS service?",
                    "If I want my whole family informed, how many people can the Beaconet SOS "
                    "service notify?",
                    "Up to how many people may be named as contacts in the Beaconet SOS service?",
                ],
                customer="I want my whole family notified if I ever send an SOS — how many "
                "emergency contacts can I add?",
            ),
        ],
    ),
    D(
        "guide-battery-care",
        "Kestrune Battery Care Guide",
        "Kestrune battery care guide",
        "guide",
        """
Every Kestrune product runs on a rechargeable or replaceable battery, and how you charge and store
it decides how long it lasts. This guide collects Kestrune's advice for all product families, from
Lumberra headlamps to Ampora power stations.

## Storing devices

If a device will not be used for a while, the Kestrune battery care guide recommends storing it at
a charge of about {{storage}}, not full and not empty. Check the charge and top it up every
{{topup}}, because batteries discharge slowly even when switched off. Store devices in a dry place
at {{range}}; a garage that freezes in winter or a car in summer sun shortens battery life.

## Charging

Charge at room temperature whenever you can. The devices stop charging above a battery temperature
of {{max}} to protect the cells, and the Kestrune battery care guide advises against charging in
direct sun, on a dashboard or inside a closed tent on a hot day. Use the supplied cable or any
certified USB-C charger.

## Transporting batteries

Ampora power stations cannot be taken on passenger aircraft, and they are shipped by road only.
Spare Lumberra battery packs should travel with taped terminals or in their original pouch.

## When a battery wears out

A battery that swells, gets hot while idle or smells unusual should no longer be charged. Contact
customer support; worn batteries can be replaced under the Kestrune Limited Warranty if they are
still within its battery term, and old batteries go back through the Kestrune ReCircuit programme.
""",
        [
            C(
                "storage",
                "recommended storage charge",
                "55%",
                [
                    "What storage charge does the Kestrune battery care guide recommend?",
                    "At what charge level should devices be stored according to the Kestrune "
                    "battery care guide?",
                    "How much charge should a stored device have per the Kestrune battery care "
                    "guide?",
                    "What is the recommended storage charge in the Kestrune battery care guide?",
                    "Before putting my headlamp away for the winter, what charge does the "
                    "Kestrune battery care guide tell me to leave in it?",
                    "Which battery level does the Kestrune battery care guide advise for "
                    "long-term storage?",
                ],
                customer="I'm putting my power station away until spring — what charge level "
                "should I leave it at?",
            ),
            C(
                "topup",
                "storage top-up interval",
                "120 days",
                [
                    "How often should stored devices be topped up according to the Kestrune "
                    "battery care guide?",
                    "What is the top-up interval in the Kestrune battery care guide?",
                    "How frequently does the Kestrune battery care guide say to recharge stored "
                    "devices?",
                    "At what interval should I check stored batteries per the Kestrune battery "
                    "care guide?",
                    "If my power station sits in a cupboard, how long can I leave it between "
                    "top-ups according to the Kestrune battery care guide?",
                    "What period between recharges does the Kestrune battery care guide set for "
                    "devices in storage?",
                ],
                customer="My headlamp is going in a drawer for months — how often should I top up "
                "its battery while it's stored?",
            ),
            C(
                "range",
                "storage temperature range",
                "10 to 25 °C",
                [
                    "At what temperature should devices be stored according to the Kestrune "
                    "battery care guide?",
                    "What storage temperature range does the Kestrune battery care guide give?",
                    "What is the recommended storage temperature in the Kestrune battery care "
                    "guide?",
                    "Between which temperatures does the Kestrune battery care guide say to store "
                    "devices?",
                    "How warm or cold should the room be where I keep my devices, according to "
                    "the Kestrune battery care guide?",
                    "Which band of temperatures suits devices put away, per the Kestrune battery "
                    "care guide?",
                ],
                customer="I'm storing my gear in the shed over winter — what temperature range is "
                "best to keep the batteries healthy?",
            ),
            C(
                "max",
                "maximum charging temperature",
                "43 °C",
                [
                    "Above what temperature do devices stop charging according to the Kestrune "
                    "battery care guide?",
                    "What is the maximum charging temperature in the Kestrune battery care guide?",
                    "What battery temperature is the charging limit in the Kestrune battery care "
                    "guide?",
                    "At what temperature does charging stop per the Kestrune battery care guide?",
                    "If my device gets hot on a dashboard, from which battery temperature will it "
                    "refuse to charge, according to the Kestrune battery care guide?",
                    "What heat threshold halts charging as described in the Kestrune battery "
                    "care guide?",
                ],
                customer="My navigator stopped charging while sitting in the car on a hot day — at "
                "what battery temperature does charging cut out?",
            ),
        ],
    ),
    D(
        "guide-cold-weather",
        "Using Kestrune Devices in Cold Weather",
        "Kestrune cold-weather guide",
        "guide",
        """
Cold weather is hard on batteries and screens. This guide explains how Kestrune devices behave in
the cold, lists the rated limits of the models most often used in winter, and gives practical
advice for ski tours, polar trips and winter fieldwork.

## Why the cold matters

Lithium batteries deliver less energy as they cool down, and a device that shows half its charge
at room temperature may switch off within minutes in a hard frost. The charge returns when the
battery warms up again, so the battery has not been damaged. Screens also respond more slowly in
the cold, and touchscreens may need a firm press with a glove.

## Rated limits

The figures below are the lowest air temperatures at which each model is specified to work, with
its battery fully charged. [[a250]] [[a300]] [[t16]] [[s3]] [[h900]] Below those limits the
devices switch themselves off to protect the battery, and they restart once they are warm.

## Practical advice

Keep navigators and messengers in an inside pocket and take them out only when you need them.
Lithium AA cells perform far better in the cold than alkaline cells in Glimra cameras and in the
battery sled of the Tessel range. Never charge a frozen battery: let it warm up to room temperature
first, as explained in the Kestrune battery care guide.

## Condensation

When you bring a cold device into a warm hut, put it in a closed bag first. Moisture then forms on
the bag instead of inside the device.
""",
        [
            A("minimum operating temperature", "-22 °C", key="a250", subject="Tessel A250"),
            A("minimum operating temperature", "-28 °C", key="a300", subject="Tessel A300"),
            A("minimum operating temperature", "-25 °C", key="t16", subject="Glimra T16"),
            A("minimum operating temperature", "-34 °C", key="s3", subject="Beaconet S3"),
            A("minimum operating temperature", "-30 °C", key="h900", subject="Lumberra H900"),
        ],
    ),
    D(
        "about-kestrune",
        "About Kestrune Field Electronics",
        "Kestrune Field Electronics",
        "service",
        """
Kestrune Field Electronics designs and sells electronics for people who work and travel outdoors:
handheld navigators, satellite messengers, trail cameras, weather stations, headlamps and portable
power stations. Its products are sold online and through authorised resellers in Europe and beyond.

## History

Kestrune Field Electronics was founded in {{founded}} by {{founder}}, a mountain guide and radio
engineer who was tired of navigators that failed in the cold. The first product was a rugged GPS
logger for glacier surveys; the Tessel navigators followed, and the company grew with each new
family of products.

## The company today

The head office is in {{hq}}, a harbour town where the company also runs its main warehouse.
Kestrune Field Electronics employs {{staff}} across design, support, repair and logistics, and its
chief executive is {{ceo}}. Products are designed in-house and assembled by partner factories, with
final testing and firmware installation done in Kestrune's own facilities.

## What we stand for

Kestrune products are built to be repaired: screws instead of glue, spare parts for years after the
end of sale, and clear repair prices. Devices that can no longer be used are taken back through the
Kestrune ReCircuit programme, and the firmware of every product is maintained as set out in the
Kestrune firmware update policy.

## Contact

Customer questions are answered by Kestrune customer support. Press, partnership and career
enquiries can be sent through the contact form on the company website.
""",
        [
            C(
                "founded",
                "founding year",
                "2011",
                [
                    "When was Kestrune Field Electronics founded?",
                    "In what year was Kestrune Field Electronics established?",
                    "What is the founding year of Kestrune Field Electronics?",
                    "When did Kestrune Field Electronics start?",
                    "How far back does the history of Kestrune Field Electronics go, to which "
                    "year?",
                    "Since which year has Kestrune Field Electronics existed?",
                ],
                customer="How long have you guys been around — what year was the company founded?",
            ),
            C(
                "founder",
                "founder",
                "Halvard Ostmo",
                [
                    "Who founded Kestrune Field Electronics?",
                    "Who is the founder of Kestrune Field Electronics?",
                    "Who started Kestrune Field Electronics?",
                    "Which person established Kestrune Field Electronics?",
                    "Which mountain guide and radio engineer set up Kestrune Field Electronics?",
                    "Whose idea was Kestrune Field Electronics in the beginning?",
                ],
                kind="person",
                customer="I love your gear — who started the company in the first place?",
            ),
            C(
                "hq",
                "head office location",
                "Tornhavn",
                [
                    "Where is the head office of Kestrune Field Electronics?",
                    "Where is Kestrune Field Electronics based?",
                    "In which town is Kestrune Field Electronics headquartered?",
                    "What is the location of the Kestrune Field Electronics head office?",
                    "If I wanted to visit the main office of Kestrune Field Electronics, which "
                    "town would I travel to?",
                    "Which harbour town is home to the headquarters of Kestrune Field Electronics?",
                ],
                kind="place",
                customer="Where is your company's head office — which town?",
            ),
            C(
                "staff",
                "number of employees",
                "340 people",
                [
                    "How many employees does Kestrune Field Electronics have?",
                    "How many people work for Kestrune Field Electronics?",
                    "What is the headcount of Kestrune Field Electronics?",
                    "How large is the workforce of Kestrune Field Electronics?",
                    "Counting design, support, repair and logistics, how many staff are employed "
                    "by Kestrune Field Electronics?",
                    "What size is the team at Kestrune Field Electronics?",
                ],
                v2="365 people",
                customer="Just curious, how many people work at your company?",
            ),
            C(
                "ceo",
                "chief executive",
                "Ingrid Valtersen",
                [
                    "Who is the chief executive of Kestrune Field Electronics?",
                    "Who is the CEO of Kestrune Field Electronics?",
                    "Who runs Kestrune Field Electronics?",
                    "Who leads Kestrune Field Electronics as chief executive?",
                    "Which person sits at the top of Kestrune Field Electronics today?",
                    "Whose name is given as the boss of Kestrune Field Electronics?",
                ],
                kind="person",
                customer="Who's the CEO of your company these days?",
            ),
        ],
    ),
]
