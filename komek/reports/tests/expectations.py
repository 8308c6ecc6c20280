"""Every programme version shipped, walked by one beneficiary, and what 24 months of payrolls pay
by hand computation (count of payments and their sum, tenge).

The numbers are written out, never computed by the engine: each comes with its derivation from the
legislation's parameters (``komek/rules/data/parameters/``). MCI: 2017 2,269; 2018 2,405; 2019
2,525; 2020 2,651, from April 2,778; 2021 2,917; 2023 3,450; 2024 3,692. National subsistence
minimum: 2017 24,459; 2020 31,183, from April 32,668. Rounding half up to whole tenge.

Terms: TSA, housing assistance, the child allowance and the social package are assigned for a
quarter (the service's default term); a commission's decision takes the default term of the
programme's schedule (a month for a one-time payment, a quarter for a monthly one); the caseworker
assigns home schooling and Almaty's twice-yearly payment for the term written here.
"""

from __future__ import annotations

import datetime as dt

from komek.reports.tests.journey import Journey, Member

D = dt.date
SON, DAUGHTER = Member("child", D(2012, 3, 1), "male"), Member("child", D(2015, 6, 1))
COUPLE = (Member("head", D(1980, 4, 2), "male", income=40_000), Member("spouse", D(1982, 7, 15)))
TB = (("dispensary", "tuberculosis"),)
ALONE_MAN = D(1980, 4, 2)
LOCAL = "local_social_assistance"
HOME_SCHOOLED = (("disability", "child"), ("student", "home_schooled"))
STUDENT = (("student", "university"), ("excellent_student", "none"))
PENSIONER = Member("head", D(1950, 2, 1), "male", (("pensioner", "age"),), 60_000, "social_payments")

# fmt: off
JOURNEYS = (
    # --- republican programmes ---------------------------------------------------------------
    # TSA to 2017, Balkhash, 16.01.2017: poverty line Q1 2017 = 40% × 20,728 (Karaganda region)
    # = 8,291; income 15,000 a month / 3 members = 5,000; (8,291 − 5,000) × 3 = 9,873 a month,
    # January to March 2017: 3 × 9,873 = 29,619.
    Journey("tsa", D(2015, 1, 1), "balkhash", D(2017, 1, 16),
            (Member("head", D(1987, 5, 10), income=15_000), SON, DAUGHTER), 3, 29_619, service="tsa"),
    # TSA from 2018, Balkhash, 15.01.2018: poverty line Q1 2018 = 50% × 22,941 = 11,470.5 → 11,471;
    # 21,000 / 3 = 7,000 a member; (11,471 − 7,000) × 3 = 13,413 a month (unconditional: the only
    # adult cares for a child under 3); January to March 2018: 3 × 13,413 = 40,239.
    Journey("tsa", D(2018, 1, 1), "balkhash", D(2018, 1, 15),
            (Member("head", D(1987, 5, 10), income=21_000), SON, DAUGHTER), 3, 40_239, service="tsa"),
    # Social package in kind, Almaty, 10.02.2020: a TSA family (poverty line 70% × 31,183 = 21,828;
    # 30,000 / 3 = 10,000 a member) with two children aged 1-6: 2 kits × 3,968 = 7,936 a month,
    # February to April 2020: 3 provisions, 23,808; nothing paid in cash.
    Journey("gsp", D(2020, 1, 1), "almaty", D(2020, 2, 10),
            (Member("head", D(1990, 1, 1), income=30_000), Member("child", D(2016, 5, 1), "male"),
             Member("child", D(2018, 3, 1))), 3, 23_808, service="tsa", in_kind=True),
    # Social package in cash, Almaty, 11.12.2023: poverty line 70% × 40,567 = 28,397 above 10,000 a
    # member; two children aged 1-6: 1.5 MCI × 2 = 3 MCI a month. December 2023 3 × 3,450 = 10,350;
    # January and February 2024 after the MCI rise 3 × 3,692 = 11,076 each: 32,502.
    Journey("gsp", D(2023, 1, 1), "almaty", D(2023, 12, 11),
            (Member("head", D(1990, 1, 1), income=30_000), Member("child", D(2019, 2, 1), "male"),
             Member("child", D(2021, 6, 1))), 3, 32_502, service="tsa"),
    # Housing assistance, Balkhash, 16.04.2018, receipts of January to March 2018: heating paid
    # 5,500 for 54 m² (the norm of 3 members) within 97.13 × 54 = 5,245.02; cold water paid 2,000
    # within 778.18 × 3 = 2,334.54; 7,245.02 less 10% of 21,000 = 5,145.02 → 5,145 a month, April to
    # June 2018: 3 × 5,145 = 15,435.
    Journey("housing", D(2015, 1, 1), "balkhash", D(2018, 4, 16),
            (Member("head", D(1987, 5, 10), income=21_000), SON, DAUGHTER), 3, 15_435, service="housing",
            receipts=(("heat", 54, 5_500), ("cold_water", 3, 2_000))),
    # Child allowance 2017, Balkhash, 13.02.2017: 5,000 a member below 60% × 24,459 = 14,675.4;
    # 2 children × 2,383 = 4,766 a month, February to April 2017: 3 × 4,766 = 14,298.
    Journey("child_allowance", D(2017, 1, 1), "balkhash", D(2017, 2, 13),
            (Member("head", D(1987, 5, 10), income=15_000), SON, DAUGHTER), 3, 14_298,
            service="child_allowance", withdrawn_service=True),
    # --- Almaty's council decisions (Almaty report 2020, section I.4) --------------------------
    # Difficult life situation, 10.02.2020: 20,000 a member within 2 × 31,183; 20 × 2,651 = 53,020.
    Journey("almaty.difficult_life_situation", D(2020, 1, 1), "almaty", D(2020, 2, 10), COUPLE, 1, 53_020,
            service=LOCAL, circumstances=("difficult_life_situation",)),
    # A member died in a fire, 10.03.2020: 50 × 2,651 = 132,550 (applied for besides the dwelling).
    Journey("almaty.disaster_death", D(2020, 1, 1), "almaty", D(2020, 3, 10), COUPLE, 1, 132_550,
            service=LOCAL, circumstances=("fire_damage", "member_died_in_disaster")),
    # Dwelling burnt, 12.05.2020: the commission assigns 400,000 within 200 × 2,778 = 555,600.
    Journey("almaty.disaster_dwelling", D(2020, 1, 1), "almaty", D(2020, 5, 12), COUPLE, 1, 400_000,
            service=LOCAL, circumstances=("fire_damage",), amount=400_000),
    # Excellent student of a large family, 15.09.2020: 30,000 / 2 = 15,000 a member within 32,668;
    # 10,000 a month, September to November 2020: 30,000.
    Journey("almaty.excellent_students", D(2020, 1, 1), "almaty", D(2020, 9, 15),
            (Member("child", D(2001, 1, 10), "male", STUDENT),
             Member("head", D(1975, 3, 3), statuses=(("large_family_mother", "altyn_alka"),), income=30_000)),
            3, 30_000, service=LOCAL),
    # Gas connection, 15.06.2020: 45,000 a member within 3 × 32,668, a member disabled: the invoice of
    # 180,000, no limit from the rule (actual costs).
    Journey("almaty.gas_connection", D(2020, 1, 1), "almaty", D(2020, 6, 15),
            (Member("head", D(1970, 1, 20), "male", (("disability", "group_3"),), 90_000),
             Member("spouse", D(1972, 2, 2))), 1, 180_000,
            service=LOCAL, circumstances=("gas_connection",), amount=180_000),
    # HIV-infected child, 15.07.2020: 2 × 32,668 = 65,336 a month, July to September 2020: 196,008.
    Journey("almaty.hiv_children", D(2020, 7, 1), "almaty", D(2020, 7, 15),
            (Member("head", D(1985, 2, 2), income=50_000),
             Member("child", D(2012, 9, 9), "male", (("dispensary", "hiv"),))),
            3, 196_008, service=LOCAL),
    # Home schooling, 15.01.2020, assigned for 2020 and 2021: 12 MCI a quarter. January 2020
    # 12 × 2,651 = 31,812; April, July, October 2020 12 × 2,778 = 33,336; the four quarters of 2021
    # 12 × 2,917 = 35,004: 31,812 + 3 × 33,336 + 4 × 35,004 = 271,836 in 8 payments.
    Journey("almaty.home_schooling", D(2020, 1, 1), "almaty", D(2020, 1, 15),
            (Member("head", D(1985, 2, 2)),
             Member("child", D(2010, 4, 4), "male", HOME_SCHOOLED)),
            8, 271_836, service="home_schooling", months=24),
    # Independence Day list, 16.12.2020: 150,000 to a rehabilitated participant of December 1986.
    Journey("almaty.independence_day", D(2020, 1, 1), "almaty", D(2020, 12, 16),
            (Member("head", D(1966, 5, 5), "male", (("veteran", "december_1986"),)),), 1, 150_000),
    # Journey to Saint Petersburg of a resident of besieged Leningrad, 10.06.2020: the tickets, 72,300.
    Journey("almaty.leningrad_travel", D(2020, 1, 1), "almaty", D(2020, 6, 10),
            (Member("head", D(1932, 3, 3), statuses=(("veteran", "besieged_leningrad"),)),), 1, 72_300,
            service=LOCAL, amount=72_300),
    # Meters, 10.03.2020: 30,000 a member within 3 × 31,183, a member of group III: 3.4 × 2,651 =
    # 9,013.4 → 9,013.
    Journey("almaty.meters", D(2020, 1, 1), "almaty", D(2020, 3, 10),
            (Member("head", D(1970, 1, 20), "male", (("disability", "group_3"),), 60_000),
             Member("spouse", D(1972, 2, 2))), 1, 9_013,
            service=LOCAL, circumstances=("meters_installation",)),
    # Sanatorium treatment of a pensioner, 10.06.2020: a voucher of 96,667, in kind.
    Journey("almaty.sanatorium_pensioners", D(2020, 1, 1), "almaty", D(2020, 6, 10), (PENSIONER,), 1, 96_667,
            service=LOCAL, in_kind=True),
    # Set-top box to a TSA family (21,828 above 15,000 a member), list of 02.03.2020: its head is
    # listed; a box of 9,000, in kind.
    Journey("almaty.set_top_box", D(2020, 1, 1), "almaty", D(2020, 3, 2),
            (Member("head", D(1990, 1, 1), income=30_000), Member("child", D(2016, 5, 1), "male")), 1, 9_000,
            in_kind=True),
    # Tuberculosis in outpatient treatment, 10.02.2020: 12 MCI a month, February and March 2020
    # 12 × 2,651 = 31,812, April 12 × 2,778 = 33,336: 96,960.
    Journey("almaty.tb_outpatient", D(2020, 1, 1), "almaty", D(2020, 2, 10),
            (Member("head", ALONE_MAN, "male", TB),), 3, 96_960, service=LOCAL),
    # Twice a year, 15.01.2020, assigned for 2020 and 2021: pension 60,000 within 3 × 31,183; 7 MCI in
    # January 2020 7 × 2,651 = 18,557, July 2020 7 × 2,778 = 19,446, January and July 2021
    # 7 × 2,917 = 20,419: 78,841 in 4 payments.
    Journey("almaty.twice_yearly_payment", D(2020, 1, 1), "almaty", D(2020, 1, 15), (PENSIONER,), 4, 78_841,
            service="one_time_categories", months=24),
    # Victory Day list, 09.05.2020: a participant of the war, 1,000,000.
    Journey("almaty.victory_day", D(2020, 1, 1), "almaty", D(2020, 5, 9),
            (Member("head", D(1925, 3, 3), "male", (("veteran", "wwii_participant"),)),), 1, 1_000_000),
    # War widow, 10.03.2020: 6.5 MCI a month, March 6.5 × 2,651 = 17,231.5 → 17,232, April and May
    # 6.5 × 2,778 = 18,057: 53,346.
    Journey("almaty.war_veterans", D(2020, 1, 1), "almaty", D(2020, 3, 10),
            (Member("head", D(1930, 6, 6), statuses=(("veteran", "wwii_widow"),)),), 3, 53_346,
            service=LOCAL),
    # --- Balkhash's council decisions (the Balkhash service standard, the Balkhash report 2018) -------
    # Post-operative cancer treatment, 12.03.2018: 10 × 2,405 = 24,050.
    Journey("balkhash.cancer_postoperative", D(2017, 1, 1), "balkhash", D(2018, 3, 12),
            (Member("head", D(1965, 7, 7), statuses=(("dispensary", "oncology"),)),), 1, 24_050,
            service=LOCAL),
    # Fire, 11.06.2018: 45 × 2,405 = 108,225.
    Journey("balkhash.fire_damage", D(2018, 1, 1), "balkhash", D(2018, 6, 11),
            (Member("head", D(1975, 1, 1), "male"), Member("spouse", D(1977, 1, 1))), 1, 108_225,
            service=LOCAL, circumstances=("fire_damage",)),
    # HIV, 15.05.2017: 10 × 2,269 = 22,690.
    Journey("balkhash.hiv", D(2017, 1, 1), "balkhash", D(2017, 5, 15),
            (Member("head", D(1990, 8, 8), "male", (("dispensary", "hiv"),)),), 1, 22_690,
            service=LOCAL),
    # Holiday list, 07.05.2018: 5,736 (the illustrative average of the Balkhash report 2018).
    Journey("balkhash.holiday_payment", D(2018, 1, 1), "balkhash", D(2018, 5, 7),
            (Member("head", D(1940, 4, 4), statuses=(("holiday_category", "none"),)),), 1, 5_736),
    # Home schooling, 16.01.2017, assigned for 2017: 3,782 a quarter, 4 × 3,782 = 15,128.
    Journey("balkhash.home_schooling", D(2017, 1, 1), "balkhash", D(2017, 1, 16),
            (Member("head", D(1985, 2, 2)),
             Member("child", D(2008, 10, 10), "male", HOME_SCHOOLED)),
            4, 15_128, service="home_schooling", months=12),
    # Care of a lonely disabled person of group II, a list each month from January 2018: 1 MCI,
    # 12 × 2,405 = 28,860 in 2018 and 12 × 2,525 = 30,300 in 2019: 59,160 in 24 payments.
    Journey("balkhash.lonely_disabled_care", D(2018, 1, 1), "balkhash", D(2018, 1, 10),
            (Member("head", D(1960, 3, 3), "male", (("disability", "group_2"), ("lives_alone", "none"))),),
            24, 59_160, lists=24),
    # Food package of a tuberculosis patient, 12.02.2018: 4,984 a month in kind, February to April
    # 2018: 3 provisions, 14,952 (applied for besides the one-time assistance).
    Journey("balkhash.tb_food_package", D(2018, 1, 1), "balkhash", D(2018, 2, 12),
            (Member("head", ALONE_MAN, "male", TB),), 3, 14_952, service=LOCAL, in_kind=True),
    # Tuberculosis, one-time, 15.04.2019: 10 × 2,525 = 25,250.
    Journey("balkhash.tb_outpatient", D(2017, 1, 1), "balkhash", D(2019, 4, 15),
            (Member("head", ALONE_MAN, "male", TB),), 1, 25_250, service=LOCAL),
)
# fmt: on
