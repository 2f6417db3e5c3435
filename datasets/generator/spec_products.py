"""Product documents of the Kestrune knowledge base: six families of three, and two accessories.

Values are invented for this course. Sibling products share attributes on purpose (a Tessel A200,
A250 and A300 all have a battery life), so retrieval has to tell near-identical documents apart.
"""

from __future__ import annotations

from kbspec import A, C, D

TESSEL = [
    D(
        "tessel-a200",
        "Tessel A200 Handheld GPS Navigator",
        "Tessel A200",
        "tessel",
        """
The Tessel A200 is the entry point to Kestrune's Tessel range of handheld GPS navigators. It is
aimed at walkers who want a dedicated device that does not drain their phone, and it shares its
menus, mounts and charging cable with the Tessel A250 and the Tessel A300, so accessories move
freely between the three.

## Design and display

[[colour]] [[screen size]] The buttons are large enough to press with thin gloves, and the case is
sealed against rain and a short drop into a stream. [[weight]]

## Power and storage

[[battery life]] That figure assumes one position fix per second and the backlight at its default
level; the multi-band receiver of the larger models is not available on this one. The A200 charges
over USB-C and can also run on two AA cells fitted in the optional battery sled. [[internal storage]]
It ships with a regional base map, and detailed topographic maps can be added from the Kestrune
Trailhead app.

## Buying

[[price]] The price includes a wrist lanyard and a carabiner clip. If you need a larger screen or a
longer battery life, compare it with the Tessel A250. Like every Kestrune product, the A200 is
covered by the Kestrune Limited Warranty.
""",
        [
            A("battery life", "26 hours"),
            A("weight", "184 g"),
            A("screen size", "2.2 inches"),
            A("internal storage", "12 GB"),
            A("price", "€219"),
            A("colour", "Moss Green"),
        ],
        short="A200",
    ),
    D(
        "tessel-a250",
        "Tessel A250 Handheld GPS Navigator",
        "Tessel A250",
        "tessel",
        """
The Tessel A250 sits in the middle of the Tessel family of handheld GPS navigators, between the
Tessel A200 and the Tessel A300. It was designed for hikers and mountain guides who navigate
off-trail and need a steady position in steep valleys and under thick forest canopy.

## Positioning

The A250 receives GPS, Galileo and GLONASS signals and adds a multi-band mode that keeps the track
clean next to cliffs and tall buildings. A barometric altimeter and a three-axis compass are built
in, and both can be calibrated from the settings menu in under a minute. [[release date]]

## Hardware

[[screen size]] [[colour]] [[weight]] The housing is sealed against heavy rain and brief immersion,
and the side buttons can be locked so that nothing is pressed by accident in a jacket pocket.

## Battery and memory

[[battery life]] <<v2:The longer runtime arrived with firmware 4.8, which manages the multi-band
receiver more efficiently.>> With multi-band mode switched on, expect roughly a third less.
[[internal storage]] A microSD slot takes cards of up to 256 GB for larger map sets.

## Price and support

[[price]] Firmware updates are delivered through the Kestrune Trailhead app; the Kestrune firmware
update policy explains how long each model keeps receiving them. Cold-weather limits for the whole
range are listed in the guide to using Kestrune devices in cold weather.
""",
        [
            A("battery life", "38 hours", "41 hours"),
            A("weight", "212 g"),
            A("screen size", "2.6 inches"),
            A("internal storage", "24 GB"),
            A("price", "€349", "€319"),
            A("release date", "14 March 2024"),
            A("colour", "Fjord Grey"),
        ],
        short="A250",
    ),
    D(
        "tessel-a300",
        "Tessel A300 Handheld GPS Navigator",
        "Tessel A300",
        "tessel",
        """
The Tessel A300 is <<v1:the flagship of the Tessel line>><<v2:the most rugged navigator of the
Tessel line>> and the model Kestrune recommends for expedition teams, search-and-rescue volunteers and
anyone who spends several days at a time away from a power socket. It keeps the button layout of
the Tessel A200 and Tessel A250 but adds a touchscreen and support for satellite imagery.
<<v2:For the largest screen in the range, see the newer Tessel A350.>>

## What sets it apart

[[screen size]] The touchscreen can be switched off in wet weather, when the five buttons take over
every function. [[battery life]] An expedition mode, which records a position once a minute,
stretches that further and is the setting most rescue teams use. [[internal storage]]

## Build

[[weight]] The frame is glass-fibre reinforced, and the lens over the display is chemically
hardened against scratches from grit and ice. The A300 also carries an external antenna port for
vehicle use, the only Tessel with one.

## Availability

[[release date]] [[price]] Teams that need several units for a single trip can hire them through
Kestrune Rentals, or buy them on a Kestrune business account. A technical appendix with the sensor
specifications is available on request from customer support.
""",
        [
            A("battery life", "52 hours"),
            A("weight", "236 g"),
            A("screen size", "3.1 inches"),
            A("internal storage", "48 GB"),
            A("price", "€489", "€459"),
            A("release date", "19 September 2023"),
        ],
        short="A300",
    ),
]

NIMBREL = [
    D(
        "nimbrel-ws4",
        "Nimbrel WS4 Home Weather Station",
        "Nimbrel WS4",
        "nimbrel",
        """
The Nimbrel WS4 is Kestrune's compact home weather station: an indoor console and one outdoor
sensor that measures temperature and humidity. It is the simplest of the three Nimbrel stations and
the usual choice for balconies, allotments and holiday cottages.

## Console

[[screen size]] The console shows indoor and outdoor readings side by side, the day's highs and
lows, and a three-symbol forecast based on the pressure trend. It runs from a mains adapter and
keeps its clock through power cuts thanks to a coin cell.

## Outdoor sensor

[[wireless range]] Walls, metal cladding and dense hedges shorten that distance, so place the sensor
where it can see the console if you can. [[update interval]] [[sensor battery life]] The sensor
takes two AAA batteries and should hang in the shade, at least a metre and a half above the ground,
away from walls that warm up in the afternoon sun.

## Limits and upgrades

The WS4 does not measure rain or wind, and it cannot connect to Nimbrel Cloud. Owners who later
want those features can move up to the Nimbrel WS6; the sensor of the WS4 also works as an extra
temperature channel on the larger stations, so it never becomes waste.

[[price]] The box contains the console, the sensor, a wall bracket and the mains adapter.
""",
        [
            A("wireless range", "120 metres"),
            A("update interval", "48 seconds"),
            A("sensor battery life", "14 months"),
            A("screen size", "4.3 inches"),
            A("price", "€149", "€139"),
        ],
        short="WS4",
    ),
    D(
        "nimbrel-ws6",
        "Nimbrel WS6 Connected Weather Station",
        "Nimbrel WS6",
        "nimbrel",
        """
The Nimbrel WS6 adds rain measurement and an internet connection to the formula of the Nimbrel
WS4. It is the most popular Nimbrel station and the one Kestrune recommends for gardeners, small
farms and community gardens that share one station between several plots.

## The sensor array

The outdoor array combines a thermo-hygrometer and a self-emptying rain gauge on one mast bracket.
[[rain gauge resolution]] Clear leaves from the funnel every few weeks in autumn, because a blocked
funnel is the most common cause of missing rainfall in the records. [[sensor battery life]]

## Console and connection

[[screen size]] [[update interval]] [[wireless range]] Up to three extra temperature sensors can be
paired with the console, for a greenhouse, a cold frame or a freezer. The console connects to a
home Wi-Fi network and uploads readings to Nimbrel Cloud, where history and frost alerts are
available on the free tier; the Nimbrel Cloud guide explains the tiers.

## Price and options

[[price]] A wind sensor cannot be added to the WS6. For wind, look at the Nimbrel WS8, which shares
the same console software and mounting hardware, so a WS6 mast can be reused after an upgrade.
""",
        [
            A("wireless range", "180 metres"),
            A("update interval", "24 seconds"),
            A("sensor battery life", "20 months"),
            A("rain gauge resolution", "0.3 mm"),
            A("screen size", "5.7 inches"),
            A("price", "€239"),
        ],
        short="WS6",
    ),
    D(
        "nimbrel-ws8",
        "Nimbrel WS8 Professional Weather Station",
        "Nimbrel WS8",
        "nimbrel",
        """
The Nimbrel WS8 is the professional station of the Nimbrel family, built for farms, schools,
sailing clubs and small research sites. It measures temperature, humidity, pressure, rain, wind
speed and direction, and solar radiation from a single integrated sensor suite.

## Sensor suite

The suite is powered by a small solar panel, with a battery backup for the night and for long grey
spells. [[sensor battery life]] [[maximum wind speed]] The ultrasonic anemometer has no moving
parts, so there are no cups to freeze or wear out. [[rain gauge resolution]]

## Connection

[[wireless range]] A signal repeater is available for farmyards with many buildings in the way.
[[update interval]] The console forwards every reading to Nimbrel Cloud and can also push data to a
local server on the same network, which many schools use for classroom projects.

## Calibration and care

Kestrune recommends sending the sensor suite for calibration at the intervals given in the guide to
the Nimbrel calibration service. The mast clamp fits poles between 30 and 50 millimetres across,
and a bird spike kit for the rain funnel is included.

## Availability

[[release date]] [[price]]
""",
        [
            A("wireless range", "310 metres"),
            A("update interval", "12 seconds", "10 seconds"),
            A("sensor battery life", "26 months"),
            A("rain gauge resolution", "0.1 mm"),
            A("maximum wind speed", "58 m/s"),
            A("price", "€399", "€379"),
            A("release date", "2 September 2024"),
        ],
        short="WS8",
    ),
]

GLIMRA = [
    D(
        "glimra-t12",
        "Glimra T12 Trail Camera",
        "Glimra T12",
        "glimra",
        """
The Glimra T12 is a compact trail camera for garden wildlife, allotment security and first-time
users. It straps to a tree or a post with the supplied webbing belt and works out of the box, with
factory settings that suit most gardens.

## Camera

[[photo resolution]] Videos are recorded in full HD with sound, in clips of up to one minute.
[[trigger speed]] That is quick enough for badgers and foxes walking past, though fast birds may
leave the frame before the shutter fires.

## Sensor and night vision

[[detection range]] At night, infrared LEDs light the scene with a faint red glow that most animals
ignore. [[colour]] A fold-out screen on the inside of the door lets you check the framing before
you walk away.

## Power

[[standby battery life]] The T12 takes eight AA batteries; lithium cells last longest in cold
weather. It can also be powered by the Glimra SolarBox, which sits on a branch above the camera and
keeps it running through the winter.

## Price

[[price]] Memory cards are sold separately; the camera accepts SD cards of up to 128 GB and formats
them itself on first use.
""",
        [
            A("photo resolution", "14 megapixels"),
            A("trigger speed", "0.45 seconds"),
            A("detection range", "18 metres"),
            A("standby battery life", "11 months"),
            A("price", "€119", "€105"),
            A("colour", "Bracken Brown"),
        ],
        short="T12",
    ),
    D(
        "glimra-t16",
        "Glimra T16 Cellular Trail Camera",
        "Glimra T16",
        "glimra",
        """
The Glimra T16 is the camera most wildlife surveyors and hunters choose from the Glimra range. It
adds a 4G modem to the design of the Glimra T12, so photos arrive on your phone through the
Kestrune Trailhead app minutes after an animal walks past.

## Camera and sensor

[[photo resolution]] [[trigger speed]] A burst mode takes up to five photos per trigger.
[[detection range]] The sensitivity can be set to low, medium or high; use low in windy places,
where moving branches would otherwise fill the card with empty frames.

## Connectivity

The modem sends a reduced-size copy of each photo, and full-resolution images stay on the memory
card until you collect them. A Glimra data plan is needed for the modem and is sold in the app. In
areas without mobile coverage the T16 behaves exactly like the T12 and simply stores everything.

## Setting up

Insert the batteries and a memory card, scan the code inside the door with the Trailhead app, and
pick a data plan. The app shows the signal strength at the chosen spot, so you can move the camera
a few steps before strapping it to the tree.

## Power

[[standby battery life]] Sending many photos per day shortens that considerably, and the Glimra
SolarBox is recommended for cameras that use the modem every day.

## Availability

[[release date]] [[price]]
""",
        [
            A("photo resolution", "24 megapixels"),
            A("trigger speed", "0.28 seconds"),
            A("detection range", "23 metres"),
            A("standby battery life", "15 months"),
            A("price", "€179", "€165"),
            A("release date", "27 June 2023"),
        ],
        short="T16",
    ),
    D(
        "glimra-t20",
        "Glimra T20 Research Trail Camera",
        "Glimra T20",
        "glimra",
        """
The Glimra T20 is the research-grade camera of the Glimra family. Universities and national park
rangers use it for population surveys, where missed detections would bias the results, and it is
the only Glimra with two lenses: one for daylight and one tuned for infrared.

## Imaging

[[photo resolution]] [[trigger speed]] Time-lapse and motion modes can run together, so the camera
records a photo every few minutes and also fires whenever an animal appears. Every image is stamped
with the temperature, the moon phase and a camera name of your choice.

## Detection

[[detection range]] The T20 uses two passive infrared sensors with overlapping fields, which cuts
the false triggers caused by sunshine on warm rocks.

## Power and housing

[[standby battery life]] The housing has a lockable latch and a cable channel for the Glimra
SolarBox or an external 12-volt supply, and it accepts the steel security box sold for the range.

## Data handling

Photos can be sorted in the Kestrune Trailhead app or exported with a metadata file that survey
software reads directly. The camera keeps a log of every trigger, including those that produced no
photo, which helps researchers estimate how many animals passed unseen.

## Availability

[[release date]] [[price]] The T20 uses the same straps, mounts and security boxes as the Glimra T12
and the Glimra T16.
""",
        [
            A("photo resolution", "32 megapixels"),
            A("trigger speed", "0.16 seconds"),
            A("detection range", "30 metres"),
            A("standby battery life", "17 months"),
            A("price", "€259"),
            A("release date", "21 May 2025"),
        ],
        short="T20",
    ),
]

AMPORA = [
    D(
        "ampora-p500",
        "Ampora P500 Portable Power Station",
        "Ampora P500",
        "ampora",
        """
The Ampora P500 is the smallest portable power station from Kestrune, made for weekend camping,
market stalls and keeping a laptop and a cool box running away from the grid. Like every Ampora
station it uses lithium iron phosphate cells, which tolerate heat better and age more slowly than
other lithium chemistries.

## Capacity and output

[[capacity]] [[continuous output]] It has two AC sockets, three USB-A ports, two USB-C ports of up
to 100 watts each and a car socket. A built-in light on the side has three brightness levels.

## Charging

[[recharge time]] [[solar input]] The Ampora SolarFold 120 panel is the natural partner for the
P500. The station can also be charged from a car socket while driving, though that takes most of a
day.

## Safety

The P500 is protected against short circuits, overheating and overcharging, and its display warns
you before the battery runs empty. Keep it dry and upright while in use, and away from the heat of
a campfire or of a windscreen in summer.

## Carrying

[[weight]] The fold-down handle keeps the top flat, so the station can double as a small table at
the campsite.

## Price

[[price]] Shipping rules for large batteries are explained in the Kestrune battery care guide.
""",
        [
            A("capacity", "512 Wh"),
            A("continuous output", "600 W"),
            A("weight", "6.1 kg"),
            A("recharge time", "2.5 hours"),
            A("solar input", "180 W"),
            A("price", "€449", "€415"),
        ],
        short="P500",
    ),
    D(
        "ampora-p800",
        "Ampora P800 Portable Power Station",
        "Ampora P800",
        "ampora",
        """
The Ampora P800 is the mid-sized station in the Ampora range and the one most often bought for
camper vans, film shoots and home backup during power cuts. It shares the port layout of the Ampora
P500 and adds a second row of AC sockets.

## Capacity and output

[[capacity]] [[continuous output]] A surge mode handles the start-up current of small fridges and
power tools for a few seconds. When mains power is present, the P800 can act as an uninterruptible
supply and takes over within 20 milliseconds if the grid fails.

## Battery life

[[charge cycles]] A cycle counter in the display menu shows how many cycles the battery has
completed. The cells are monitored one by one, and a cell that drifts out of balance is corrected
during the next full charge.

## Charging and carrying

[[solar input]] Two SolarFold 120 panels connected in parallel make a good match. [[weight]] Two
wheels and a telescopic handle can be fitted with the optional trolley kit.

## Price

[[price]] The P800 is covered by the Kestrune Limited Warranty; its battery falls under the
separate battery terms described there.
""",
        [
            A("capacity", "768 Wh"),
            A("continuous output", "1,100 W"),
            A("weight", "9.4 kg"),
            A("charge cycles", "3,500 cycles"),
            A("solar input", "400 W"),
            A("price", "€729"),
        ],
        short="P800",
    ),
    D(
        "ampora-p1200",
        "Ampora P1200 Portable Power Station",
        "Ampora P1200",
        "ampora",
        """
The Ampora P1200 is the largest station in the Ampora range. It is built for off-grid cabins,
worksites and households that want several hours of backup for a fridge, a router and lights. Up
to two Ampora expansion batteries can be attached to it with the supplied cable.

## Capacity and output

[[capacity]] [[continuous output]] The P1200 has four AC sockets, four USB-C ports and an Anderson
connector for caravan wiring. The fan stays silent below a moderate load, which matters at night in
a cabin.

## Charging

[[recharge time]] A quiet charging mode halves the charging current for bedrooms and small tents.
[[solar input]] Solar and mains charging can be combined for the fastest top-up.

## Battery and build

[[charge cycles]] [[weight]] The case has two moulded handles, and Kestrune recommends that two
people carry it over rough ground.

## Price

[[price]] Because of its battery size, the P1200 is delivered by a freight service and cannot be
sent abroad by air; see the Kestrune shipping pages for details.
""",
        [
            A("capacity", "1,228 Wh"),
            A("continuous output", "1,800 W"),
            A("weight", "13.8 kg"),
            A("recharge time", "1.7 hours"),
            A("solar input", "600 W"),
            A("charge cycles", "4,000 cycles"),
            A("price", "€1,149", "€1,049"),
        ],
        short="P1200",
    ),
]

BEACONET = [
    D(
        "beaconet-s1",
        "Beaconet S1 Satellite Messenger",
        "Beaconet S1",
        "beaconet",
        """
The Beaconet S1 is a pocket-sized satellite messenger for hikers, paddlers and cyclists who travel
beyond mobile coverage. It sends preset and custom messages, shares your location with friends and
family, and can raise an SOS alert that is handled around the clock.

## Messaging

The S1 pairs with a phone over Bluetooth, and messages are typed in the Kestrune Trailhead app.
[[maximum message length]] Without a phone, the S1 can still send three preset messages chosen in
advance and an SOS.

## Tracking

[[minimum tracking interval]] Friends can follow the track on a private web page, and the page
stops updating automatically when tracking ends.

## Battery and build

[[battery life]] That figure assumes tracking every ten minutes under open sky; dense forest
shortens it. [[weight]] [[colour]] The clip on the back fits a rucksack strap or a belt loop.

## Setting up

Activate the S1 in the Kestrune Trailhead app before your first trip, send a test message from
home, and check that your contacts receive it. Keep the app up to date, because new firmware for
the messenger is delivered through it.

## Service

[[price]] A Beaconet satellite plan is needed to send messages; the plans are compared in their
own guide. What happens after you press the SOS button is described in the guide to the Beaconet
SOS service.
""",
        [
            A("battery life", "240 hours"),
            A("weight", "97 g"),
            A("price", "€189"),
            A("maximum message length", "118 characters"),
            A("minimum tracking interval", "10 minutes"),
            A("colour", "Signal Orange"),
        ],
        short="S1",
    ),
    D(
        "beaconet-s2",
        "Beaconet S2 Satellite Messenger",
        "Beaconet S2",
        "beaconet",
        """
The Beaconet S2 is the best-selling Beaconet and the model most mountain guides carry. It keeps the
pocket size of the Beaconet S1 but adds a small screen, so messages can be read and answered
without a phone.

## Messaging

[[maximum message length]] The screen shows the last twenty messages, and a four-way pad is used to
pick quick replies. Messages can also be written in the Kestrune Trailhead app on a paired phone.

## Tracking and navigation

[[minimum tracking interval]] <<v2:The faster interval became available with the spring firmware
update.>> A simple breadcrumb screen points back along your track, which helps in fog even though
the S2 is not a full navigator like the Tessel range.

## Battery and build

[[battery life]] Tracking more often uses more power, and cold weather reduces the figure too.
[[weight]] The S2 is sealed against immersion in shallow water and floats if dropped into a lake.

## Setting up

Activate the S2 in the Kestrune Trailhead app and choose a satellite plan; the first message can be
sent a few minutes later. Preset messages and the list of contacts are synchronised from the app,
so they can be edited at home on a larger screen.

## Availability

[[release date]] [[price]] The S2 needs an active Beaconet satellite plan, and it is covered by the
Kestrune Limited Warranty like every other Kestrune product.
""",
        [
            A("battery life", "410 hours", "450 hours"),
            A("weight", "112 g"),
            A("price", "€279"),
            A("maximum message length", "260 characters"),
            A("minimum tracking interval", "150 seconds", "60 seconds"),
            A("release date", "11 November 2023"),
        ],
        short="S2",
    ),
    D(
        "beaconet-s3",
        "Beaconet S3 Satellite Messenger",
        "Beaconet S3",
        "beaconet",
        """
The Beaconet S3 is the expedition model of the Beaconet family. It is built for polar trips,
long sailing passages and remote fieldwork, where batteries cannot be recharged for weeks and the
messenger has to work with thick gloves.

## Messaging

[[maximum message length]] The S3 has a full keyboard under a rubber cover, and it can also send
weather forecast requests, which arrive as short text summaries for the next three days.

## Tracking

[[minimum tracking interval]] Tracks are stored on the device as well as sent, so a full record
survives even when the sky view is poor for a few hours.

## Battery and build

[[battery life]] [[weight]] [[colour]] The bright housing is easy to spot in snow, and the antenna
is protected by a reinforced cap that survives a fall onto rock.

## Power options

Besides its built-in battery, the S3 can be charged from any USB-C source, including the Ampora
power stations and small solar panels. A power-save mode switches off the screen and Bluetooth and
keeps only tracking and SOS active.

## Availability

[[release date]] [[price]] Expedition teams can hire the S3 through Kestrune Rentals, and the
cold-weather limits of every Beaconet are listed in the Kestrune guide to cold weather.
""",
        [
            A("battery life", "620 hours"),
            A("weight", "139 g"),
            A("price", "€419", "€389"),
            A("maximum message length", "480 characters"),
            A("minimum tracking interval", "45 seconds", "30 seconds"),
            A("release date", "9 October 2024"),
            A("colour", "Glacier White"),
        ],
        short="S3",
    ),
]

LUMBERRA = [
    D(
        "lumberra-h400",
        "Lumberra H400 Headlamp",
        "Lumberra H400",
        "lumberra",
        """
The Lumberra H400 is a light everyday headlamp for evening runs, camp chores and walking the dog.
It has a single button, a red night-vision mode and a lock that stops it switching on in a bag.

## Light output

[[maximum brightness]] The boost setting lasts for a few minutes before the lamp steps down to
protect the battery. [[beam distance]] The beam is wide and even, which suits walking on a path
more than spotting distant markers.

## Runtime and charging

[[runtime on low]] The H400 charges over USB-C in about three hours and shows the remaining charge
with a small four-step gauge on the side.

## Modes

A short press switches between low, medium and high; a long press from off starts the red light,
which keeps your night vision and does not wake the rest of the tent. A double press jumps straight
to boost. The lamp remembers the last mode used, except boost, so it never starts at full power by
surprise.

## Fit and finish

[[weight]] [[colour]] The headband is washable, and a reflective strip on the back makes the wearer
visible to cars from behind.

## In the box

The H400 comes with a USB-C cable, a spare headband and a storage pouch that doubles as a lantern
diffuser when the lamp is placed inside it on a table.

## Price

[[price]] For longer nights and a brighter beam, compare it with the Lumberra H600 and Lumberra
H900.
""",
        [
            A("maximum brightness", "350 lumens"),
            A("beam distance", "85 metres"),
            A("runtime on low", "140 hours"),
            A("weight", "76 g"),
            A("price", "€45", "€42"),
            A("colour", "Lichen Green"),
        ],
        short="H400",
    ),
    D(
        "lumberra-h600",
        "Lumberra H600 Headlamp",
        "Lumberra H600",
        "lumberra",
        """
The Lumberra H600 is a headlamp for trail runners and hikers who start before sunrise. It adds a
second, focused beam to the flood light of the Lumberra H400, and a sensor that dims the lamp when
you look at a map or a friend's face.

## Light output

[[maximum brightness]] [[beam distance]] The reactive mode adjusts brightness many times a second,
so the battery is spent only where light is needed.

## Battery

[[battery capacity]] The battery pack slides out and can be swapped on the trail; a spare pack is
sold separately. [[runtime on low]]

## Modes

Besides the reactive mode, the H600 offers fixed low, medium and high settings and a red light for
map reading. A strobe mode for emergencies is hidden behind a triple press, so it cannot be
triggered by accident. The lamp is locked by holding the button until it blinks twice.

## Fit and care

[[weight]] The top strap can be removed for running, and the lamp body tilts through five click
positions. Rinse the lamp in fresh water after a salty or muddy run and let it dry with the
charging cover open; the headband can be washed at a low temperature inside a laundry bag.

## Price

[[price]] The H600 is covered by the Kestrune Limited Warranty; its battery pack falls under the
warranty's battery terms. Old packs can be returned through the Kestrune ReCircuit take-back
programme.
""",
        [
            A("maximum brightness", "640 lumens"),
            A("beam distance", "118 metres"),
            A("battery capacity", "2,400 mAh"),
            A("runtime on low", "165 hours"),
            A("weight", "94 g"),
            A("price", "€69"),
        ],
        short="H600",
    ),
    D(
        "lumberra-h900",
        "Lumberra H900 Headlamp",
        "Lumberra H900",
        "lumberra",
        """
The Lumberra H900 is the most powerful headlamp Kestrune makes, designed for caving, mountain
rescue and night work where a strong and long-reaching beam matters more than weight. It shares the
reactive mode of the Lumberra H600 and adds a rear battery case that balances the load on the head.

## Light output

[[maximum brightness]] <<v2:The higher output comes from new LEDs fitted to all units built since
the summer.>> [[beam distance]] A diffuser clips over the lens for close work in a tent or a cave
chamber.

## Battery

[[battery capacity]] [[runtime on low]] The battery case can also charge a phone through its USB-C
port in an emergency.

## Modes and control

The H900 has two buttons, one for the spot beam and one for the flood beam, and the two beams can
be combined. Caving teams often choose a constant output, which switches off the reactive mode and
keeps the light steady for photography. Every setting can also be changed in the Kestrune Trailhead
app before a trip, including how the lamp steps down when the battery runs low.

## Build

[[weight]] The lamp is sealed for heavy rain and short immersion, and the cable between lamp and
battery case is armoured against abrasion. It ships with a helmet mounting kit, a diffuser, a USB-C
cable and a hard case.

## Availability

[[release date]] [[price]]
""",
        [
            A("maximum brightness", "980 lumens", "1,050 lumens"),
            A("beam distance", "172 metres"),
            A("battery capacity", "3,350 mAh"),
            A("runtime on low", "210 hours"),
            A("weight", "121 g"),
            A("price", "€109", "€99"),
            A("release date", "3 February 2025"),
        ],
        short="H900",
    ),
]

ACCESSORIES = [
    D(
        "ampora-solarfold-120",
        "Ampora SolarFold 120 Portable Solar Panel",
        "Ampora SolarFold 120",
        "accessory",
        """
The Ampora SolarFold 120 is a folding solar panel made to charge the Ampora power stations. It
folds into a case the size of a laptop bag, with a kickstand on the back that sets it at a good
angle to the sun.

## Output

The panel is rated at 120 watts in full sun. In practice, expect about two thirds of that on a
bright day in spring or autumn. Its monocrystalline cells have a conversion efficiency of
{{efficiency}}, so it stays useful on hazy days. The panel's open-circuit voltage is {{voltage}},
within the input range of every Ampora station.

## Cables and connections

The fixed output cable is {{cable}} long and ends in the connector used on all Ampora stations.
Two panels can be joined in parallel with the optional Y-cable for the Ampora P800 and the Ampora
P1200.

## Using it with other devices

Besides the Ampora stations, the panel has a USB-C output of its own for charging a phone or a
headlamp directly, which is handy on a day hike without a station. The port switches off when
clouds reduce the output too far and restarts by itself when the sun returns.

## Care

Wipe the panel with a damp cloth and keep it away from sharp stones when unfolded. It is splash
resistant, but the junction box should not sit in a puddle.

## Weight and price

[[weight]] [[price]]
""",
        [
            C(
                "efficiency",
                "conversion efficiency",
                "23.4%",
                [
                    "What is the conversion efficiency of the Ampora SolarFold 120?",
                    "How efficient are the cells of the Ampora SolarFold 120?",
                    "What efficiency do the Ampora SolarFold 120's solar cells reach?",
                    "What percentage of sunlight does the Ampora SolarFold 120 convert?",
                    "How much of the light that hits an Ampora SolarFold 120 becomes electricity?",
                    "What cell efficiency is quoted for the Ampora SolarFold 120 panel?",
                ],
                customer=(
                    "I'm choosing between folding panels for hazy days — how efficient are the "
                    "cells on the SolarFold, as a percentage?"
                ),
            ),
            C(
                "voltage",
                "open-circuit voltage",
                "24.6 V",
                [
                    "What is the open-circuit voltage of the Ampora SolarFold 120?",
                    "What voltage does the Ampora SolarFold 120 produce with no load?",
                    "How many volts is the Ampora SolarFold 120 open circuit?",
                    "What is the Voc of the Ampora SolarFold 120?",
                    "With nothing connected, what voltage appears at the Ampora SolarFold 120 "
                    "output?",
                    "Which unloaded voltage is specified for the Ampora SolarFold 120?",
                ],
                customer=(
                    "I want to make sure it suits my charge controller: what's the open-circuit "
                    "voltage of my SolarFold panel?"
                ),
            ),
            C(
                "cable",
                "cable length",
                "3.5 metres",
                [
                    "How long is the cable of the Ampora SolarFold 120?",
                    "What is the cable length of the Ampora SolarFold 120?",
                    "How long is the Ampora SolarFold 120's output cable?",
                    "What length of fixed cable does the Ampora SolarFold 120 have?",
                    "How far from the power station can the Ampora SolarFold 120 stand without "
                    "an extension?",
                    "What reach does the lead attached to an Ampora SolarFold 120 give?",
                ],
                customer=(
                    "I'd like to keep the power station in the tent and the SolarFold out in the "
                    "sun — how long is the panel's fixed cable?"
                ),
            ),
            A("weight", "5.3 kg"),
            A("price", "€299", "€269"),
        ],
        short="SolarFold 120",
    ),
    D(
        "glimra-solarbox",
        "Glimra SolarBox External Power Pack",
        "Glimra SolarBox",
        "accessory",
        """
The Glimra SolarBox is a small solar panel with a built-in battery that keeps a Glimra trail camera
running through months of short winter days. It straps to a branch or a post above the camera and
connects to it with a weatherproof cable.

## Battery and panel

[[battery capacity]] The panel on its front delivers {{panel}} in full sun, which is more than a
camera uses on an average day, so the battery fills up during sunny spells and carries the camera
through dull weeks.

## Compatibility

The SolarBox works with the Glimra T12, the Glimra T16 and the Glimra T20. When it is connected,
the camera uses the SolarBox first and keeps its own AA batteries as a reserve. The supplied cable
is {{cable}} long, long enough to put the panel in the sun while the camera sits in the shade.

## Mounting

The mounting plate takes the same webbing strap as the cameras, and a ball joint lets you tilt the
panel towards the south. In snowy regions, set it steeply so that snow slides off.

## Weight and price

[[weight]] [[price]] The SolarBox is covered by the Kestrune Limited Warranty, and its battery by
the warranty's battery terms.
""",
        [
            A("battery capacity", "6,400 mAh"),
            C(
                "panel",
                "panel output",
                "5.5 W",
                [
                    "What is the panel output of the Glimra SolarBox?",
                    "How much power does the Glimra SolarBox's solar panel deliver?",
                    "How many watts does the Glimra SolarBox panel produce in full sun?",
                    "What is the solar output rating of the Glimra SolarBox?",
                    "In bright sunshine, how much power comes from the panel on a Glimra SolarBox?",
                    "What wattage is the small solar cell on the Glimra SolarBox rated at?",
                ],
                customer=(
                    "My camera's spot only gets a bit of sun — how many watts does the little "
                    "solar panel on my SolarBox put out on a bright day?"
                ),
            ),
            C(
                "cable",
                "cable length",
                "2.4 metres",
                [
                    "How long is the cable supplied with the Glimra SolarBox?",
                    "What is the cable length of the Glimra SolarBox?",
                    "How long is the Glimra SolarBox's connecting cable?",
                    "What length of cable comes with a Glimra SolarBox?",
                    "How far apart can the Glimra SolarBox and its camera be with the cable in "
                    "the box?",
                    "What distance does the supplied lead of a Glimra SolarBox cover?",
                ],
                customer=(
                    "I want my trail camera in the shade and the SolarBox up in the sun. How long "
                    "is the cable that comes with it?"
                ),
            ),
            A("weight", "410 g"),
            A("price", "€64", "€57"),
        ],
        short="SolarBox",
    ),
]

NEW_PRODUCTS_V2 = [
    D(
        "tessel-a350",
        "Tessel A350 Handheld GPS Navigator",
        "Tessel A350",
        "tessel",
        """
The Tessel A350 is the newest member of the Tessel family of handheld GPS navigators and now its
flagship. It combines the touchscreen of the Tessel A300 with a larger display and a solar charging
strip above the screen that adds a little power on every sunny hour.

## Display and design

[[screen size]] The glass is anti-reflective and can be read with polarised sunglasses in any
orientation. [[colour]] [[weight]]

## Battery

[[battery life]] The solar strip extends that in summer, and a battery-saver profile turns off the
touchscreen and multi-band mode with one press. The A350 charges over USB-C like every Tessel.

## Navigation

The A350 keeps the multi-band receiver of the A300 and adds a route planner on the device that
follows paths from the TopoPlus map packs. A new search finds huts, water sources and parking
places along a route.

## Maps and memory

The A350 has 64 GB of internal storage and a microSD slot. It is the first Tessel that can show
contour shading and satellite imagery at the same time, and it downloads map packs over Wi-Fi
without a phone.

## Availability

[[release date]] [[price]] The Tessel A250 and Tessel A300 remain on sale, and accessories fit all
current models.
""",
        [
            A("battery life", "64 hours"),
            A("weight", "228 g"),
            A("screen size", "3.5 inches"),
            A("price", "€549"),
            A("release date", "12 February 2026"),
            A("colour", "Slate Blue"),
        ],
        short="A350",
        new_in_v2=True,
    ),
    D(
        "glimra-t24",
        "Glimra T24 Cellular Trail Camera",
        "Glimra T24",
        "glimra",
        """
The Glimra T24 succeeds the Glimra T16 as the cellular camera of the Glimra range, and the T16
remains on sale at a lower price. The T24 connects over 4G and the newer low-power LTE-M networks,
which reach further into forests and valleys.

## Camera and sensor

[[photo resolution]] [[trigger speed]] [[detection range]] On-camera recognition sorts photos into
people, vehicles and animals, so the app can alert you to a person at a gate without sending every
photo of a deer.

## Power

[[standby battery life]] The T24 can run from twelve AA cells or from the Glimra SolarBox, and it
reports its battery level with every photo it sends.

## Setting up

Setup is the same as on the T16: scan the code inside the door with the Kestrune Trailhead app,
choose a data plan and check the signal bars before you fix the strap. The camera updates its own
firmware over the mobile network while it is idle at night.

## Price

[[price]] A Glimra data plan is needed for the modem, as on the T16. The T24 uses the same straps
and security boxes as the rest of the range.
""",
        [
            A("photo resolution", "40 megapixels"),
            A("trigger speed", "0.12 seconds"),
            A("detection range", "36 metres"),
            A("standby battery life", "19 months"),
            A("price", "€329"),
        ],
        short="T24",
        new_in_v2=True,
    ),
    D(
        "lumberra-h1200",
        "Lumberra H1200 Headlamp",
        "Lumberra H1200",
        "lumberra",
        """
The Lumberra H1200 joins the Lumberra range above the Lumberra H900. It is made for mountain
rescue teams and cavers who asked for a longer beam and a battery that lasts through a whole
winter night on a medium setting.

## Light output

[[maximum brightness]] [[beam distance]] A second, warmer flood beam helps in fog and snowfall,
where a cold white spot beam reflects back into the eyes.

## Battery

[[battery capacity]] [[runtime on low]] The battery case is heated by its own charge when the
temperature falls far below freezing, which keeps the output steady in the cold.

## Control and build

Like the H900, the H1200 has separate buttons for the spot and flood beams, and its settings can be
adjusted in the Kestrune Trailhead app. A lock-out mode prevents the lamp from switching on in a
rucksack. The lamp body is machined from aluminium and acts as a heat sink; at the highest setting
it steps down gently once it becomes warm, rather than dimming suddenly.

## Price

[[price]] The H1200 uses the same headband, helmet clips and diffuser as the H900, so teams can mix
both models on one set of helmets.
""",
        [
            A("maximum brightness", "1,400 lumens"),
            A("beam distance", "230 metres"),
            A("battery capacity", "4,800 mAh"),
            A("runtime on low", "260 hours"),
            A("price", "€155"),
        ],
        short="H1200",
        new_in_v2=True,
    ),
]

PRODUCT_DOCS = TESSEL + NIMBREL + GLIMRA + AMPORA + BEACONET + LUMBERRA + ACCESSORIES
