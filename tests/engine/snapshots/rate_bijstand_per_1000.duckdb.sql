SELECT
  "t9"."period_start",
  "t9"."period_end",
  "t9"."area_level",
  "t9"."area_code",
  "t9"."area_name",
  'totaal' AS "breakdown",
  'totaal' AS "breakdown_value",
  "t9"."amount" AS "numerator",
  "t9"."den_amount" AS "denominator",
  CASE
    WHEN (
      "t9"."den_amount" IS NOT NULL
    ) AND (
      "t9"."den_amount" > 0
    )
    THEN (
      "t9"."amount" / "t9"."den_amount"
    ) * 1000
    ELSE CAST(NULL AS DOUBLE)
  END AS "value",
  CAST(NULL AS DOUBLE) AS "spread",
  CAST(NULL AS TEXT) AS "origin"
FROM (
  SELECT
    "t7"."year",
    "t7"."period_start",
    "t7"."period_end",
    "t7"."area_level",
    "t7"."area_code",
    "t7"."area_name",
    "t7"."amount",
    "t8"."year" AS "year_right",
    "t8"."period_start" AS "period_start_right",
    "t8"."period_end" AS "period_end_right",
    "t8"."area_level" AS "area_level_right",
    "t8"."area_code" AS "area_code_right",
    "t8"."area_name" AS "area_name_right",
    "t8"."den_amount"
  FROM (
    SELECT
      "t3"."year",
      MAKE_DATE("t3"."year", 1, 1) AS "period_start",
      MAKE_DATE("t3"."year", 12, 31) AS "period_end",
      "t3"."level" AS "area_level",
      "t3"."area_code",
      "t3"."area_name",
      CASE WHEN "t3"."present" = 1 THEN "t3"."total" ELSE CAST(NULL AS DOUBLE) END AS "amount"
    FROM (
      SELECT
        "t1"."year",
        "t1"."level",
        "t1"."area_code",
        SUM("t1"."value") AS "total",
        COUNT("t1"."value") AS "present",
        MAX("t1"."area_name") AS "area_name"
      FROM (
        SELECT
          *
        FROM "src_cbs_kwb" AS "t0"
        WHERE
          "t0"."variable" IN ('bijstand_personen')
      ) AS "t1"
      GROUP BY
        1,
        2,
        3
    ) AS "t3"
  ) AS "t7"
  LEFT OUTER JOIN (
    SELECT
      "t4"."year",
      MAKE_DATE("t4"."year", 1, 1) AS "period_start",
      MAKE_DATE("t4"."year", 12, 31) AS "period_end",
      "t4"."level" AS "area_level",
      "t4"."area_code",
      "t4"."area_name",
      CASE WHEN "t4"."present" = 1 THEN "t4"."total" ELSE CAST(NULL AS DOUBLE) END AS "den_amount"
    FROM (
      SELECT
        "t2"."year",
        "t2"."level",
        "t2"."area_code",
        SUM("t2"."value") AS "total",
        COUNT("t2"."value") AS "present",
        MAX("t2"."area_name") AS "area_name"
      FROM (
        SELECT
          *
        FROM "src_cbs_kwb" AS "t0"
        WHERE
          "t0"."variable" IN ('inwoners')
      ) AS "t2"
      GROUP BY
        1,
        2,
        3
    ) AS "t4"
  ) AS "t8"
    ON "t7"."year" = "t8"."year" AND "t7"."area_code" = "t8"."area_code"
) AS "t9"
WHERE
  "t9"."area_level" IN ('gemeente', 'wijk', 'buurt')
