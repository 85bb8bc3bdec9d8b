SELECT
  MAKE_DATE("t5"."year", 1, 1) AS "period_start",
  MAKE_DATE("t5"."year", 12, 31) AS "period_end",
  "t5"."area_level",
  "t5"."area_code",
  "t5"."area_name",
  'totaal' AS "breakdown",
  'totaal' AS "breakdown_value",
  "t5"."numerator",
  "t5"."denominator",
  CASE
    WHEN (
      "t5"."denominator" IS NOT NULL
    ) AND (
      "t5"."denominator" > 0
    )
    THEN (
      "t5"."numerator" / "t5"."denominator"
    ) * 1000
    ELSE CAST(NULL AS DOUBLE)
  END AS "value",
  CAST(NULL AS DOUBLE) AS "ci_low",
  CAST(NULL AS DOUBLE) AS "ci_high",
  CASE
    WHEN (
      "t5"."denominator_load" IS NULL
    )
    OR (
      "t5"."denominator_load" = "t5"."numerator_load"
    )
    THEN CAST("t5"."numerator_load" AS TEXT)
    ELSE CAST("t5"."numerator_load" AS TEXT) || ',' || CAST("t5"."denominator_load" AS TEXT)
  END AS "load_ids"
FROM (
  SELECT
    "t3"."year",
    "t3"."area_level",
    "t3"."area_code",
    "t3"."area_name",
    "t3"."numerator",
    "t3"."numerator_load",
    "t4"."year" AS "year_right",
    "t4"."area_code" AS "area_code_right",
    "t4"."denominator",
    "t4"."denominator_load"
  FROM (
    SELECT
      "t0"."year",
      "t0"."level" AS "area_level",
      "t0"."area_code",
      "t0"."area_name",
      "t0"."value" AS "numerator",
      "t0"."load_id" AS "numerator_load"
    FROM "src_cbs_kwb" AS "t0"
    WHERE
      "t0"."variable" = 'bijstand_personen'
  ) AS "t3"
  LEFT OUTER JOIN (
    SELECT
      "t0"."year",
      "t0"."area_code",
      "t0"."value" AS "denominator",
      "t0"."load_id" AS "denominator_load"
    FROM "src_cbs_kwb" AS "t0"
    WHERE
      "t0"."variable" = 'inwoners'
  ) AS "t4"
    ON "t3"."year" = "t4"."year" AND "t3"."area_code" = "t4"."area_code"
) AS "t5"
WHERE
  "t5"."area_level" IN ('gemeente', 'wijk', 'buurt')
