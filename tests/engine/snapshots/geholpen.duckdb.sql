-- duiding_memtable_N: perioden en gebiedsraster, in het geheugen aangemaakt
WITH "t8" AS (
  SELECT
    "t7"."load_id",
    "t7"."antwoord_id",
    "t7"."buurt_code",
    "t7"."datum",
    "t7"."cijfer",
    "t7"."stelling_geholpen",
    "t7"."_buurt",
    "t5"."period_start",
    "t5"."period_end"
  FROM (
    SELECT
      "t1"."load_id",
      "t1"."antwoord_id",
      "t1"."buurt_code",
      "t1"."datum",
      "t1"."cijfer",
      "t1"."stelling_geholpen",
      "t1"."buurt_code" AS "_buurt"
    FROM "src_clientervaring" AS "t1"
  ) AS "t7"
  INNER JOIN "duiding_memtable_1" AS "t5"
    ON "t7"."datum" >= "t5"."period_start" AND "t7"."datum" <= "t5"."period_end"
), "t17" AS (
  SELECT
    *
  FROM (
    SELECT
      "t11"."period_start",
      "t11"."period_end",
      "t11"."area_level",
      "t11"."area_code",
      "t11"."breakdown",
      "t11"."breakdown_value",
      CAST(COUNT(*) AS DOUBLE) AS "n",
      CAST(SUM(CAST(CAST("t11"."stelling_geholpen" AS DOUBLE) >= 4.0 AS BIGINT)) AS DOUBLE) AS "hits"
    FROM (
      SELECT
        "t9"."load_id",
        "t9"."antwoord_id",
        "t9"."buurt_code",
        "t9"."datum",
        "t9"."cijfer",
        "t9"."stelling_geholpen",
        "t9"."_buurt",
        "t9"."period_start",
        "t9"."period_end",
        'buurt' AS "area_level",
        "t9"."_buurt" AS "area_code",
        'totaal' AS "breakdown",
        'totaal' AS "breakdown_value"
      FROM "t8" AS "t9"
      WHERE
        "t9"."stelling_geholpen" IS NOT NULL AND "t9"."_buurt" IS NOT NULL
    ) AS "t11"
    GROUP BY
      1,
      2,
      3,
      4,
      5,
      6
  ) AS "t14"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t10"."period_start",
        "t10"."period_end",
        "t10"."area_level",
        "t10"."area_code",
        "t10"."breakdown",
        "t10"."breakdown_value",
        CAST(COUNT(*) AS DOUBLE) AS "n",
        CAST(SUM(CAST(CAST("t10"."stelling_geholpen" AS DOUBLE) >= 4.0 AS BIGINT)) AS DOUBLE) AS "hits"
      FROM (
        SELECT
          "t9"."load_id",
          "t9"."antwoord_id",
          "t9"."buurt_code",
          "t9"."datum",
          "t9"."cijfer",
          "t9"."stelling_geholpen",
          "t9"."_buurt",
          "t9"."period_start",
          "t9"."period_end",
          'gemeente' AS "area_level",
          'GM0344' AS "area_code",
          'totaal' AS "breakdown",
          'totaal' AS "breakdown_value"
        FROM "t8" AS "t9"
        WHERE
          "t9"."stelling_geholpen" IS NOT NULL AND 'GM0344' IS NOT NULL
      ) AS "t10"
      GROUP BY
        1,
        2,
        3,
        4,
        5,
        6
    ) AS "t13"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t12"."period_start",
        "t12"."period_end",
        "t12"."area_level",
        "t12"."area_code",
        "t12"."breakdown",
        "t12"."breakdown_value",
        CAST(COUNT(*) AS DOUBLE) AS "n",
        CAST(SUM(CAST(CAST("t12"."stelling_geholpen" AS DOUBLE) >= 4.0 AS BIGINT)) AS DOUBLE) AS "hits"
      FROM (
        SELECT
          "t9"."load_id",
          "t9"."antwoord_id",
          "t9"."buurt_code",
          "t9"."datum",
          "t9"."cijfer",
          "t9"."stelling_geholpen",
          "t9"."_buurt",
          "t9"."period_start",
          "t9"."period_end",
          'wijk' AS "area_level",
          CASE
            WHEN "t9"."_buurt" IS NULL
            THEN CAST(NULL AS TEXT)
            ELSE 'WK' || SUBSTRING(
              "t9"."_buurt",
              CASE WHEN (
                2 + 1
              ) >= 1 THEN 2 + 1 ELSE 2 + 1 + LENGTH("t9"."_buurt") END,
              6
            )
          END AS "area_code",
          'totaal' AS "breakdown",
          'totaal' AS "breakdown_value"
        FROM "t8" AS "t9"
        WHERE
          "t9"."stelling_geholpen" IS NOT NULL
          AND CASE
            WHEN "t9"."_buurt" IS NULL
            THEN CAST(NULL AS TEXT)
            ELSE 'WK' || SUBSTRING(
              "t9"."_buurt",
              CASE WHEN (
                2 + 1
              ) >= 1 THEN 2 + 1 ELSE 2 + 1 + LENGTH("t9"."_buurt") END,
              6
            )
          END IS NOT NULL
      ) AS "t12"
      GROUP BY
        1,
        2,
        3,
        4,
        5,
        6
    ) AS "t15"
  ) AS "t16"
)
SELECT
  "t25"."period_start",
  "t25"."period_end",
  "t25"."area_level",
  "t25"."area_code",
  "t25"."area_name",
  "t25"."breakdown",
  "t25"."breakdown_value",
  "t25"."hits" AS "numerator",
  "t25"."n" AS "denominator",
  CASE
    WHEN (
      "t25"."n" IS NOT NULL
    ) AND (
      "t25"."n" > 0
    )
    THEN (
      "t25"."hits" / "t25"."n"
    ) * 100
    ELSE CAST(NULL AS DOUBLE)
  END AS "value"
FROM (
  SELECT
    *
  FROM (
    SELECT
      "t3"."period_start",
      "t3"."period_end",
      "t3"."area_level",
      "t3"."area_code",
      "t3"."area_name",
      'totaal' AS "breakdown",
      'totaal' AS "breakdown_value",
      COALESCE("t22"."n", 0.0) AS "n",
      COALESCE("t22"."hits", 0.0) AS "hits"
    FROM "duiding_memtable_2" AS "t3"
    LEFT OUTER JOIN (
      SELECT
        *
      FROM "t17" AS "t18"
      WHERE
        "t18"."breakdown" = 'totaal'
    ) AS "t22"
      ON "t3"."period_start" = "t22"."period_start"
      AND "t3"."area_level" = "t22"."area_level"
      AND "t3"."area_code" = "t22"."area_code"
  ) AS "t24"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      "t4"."period_start",
      "t4"."period_end",
      "t4"."area_level",
      "t4"."area_code",
      "t4"."area_name",
      "t21"."breakdown",
      "t21"."breakdown_value",
      "t21"."n",
      "t21"."hits"
    FROM (
      SELECT
        *
      FROM "t17" AS "t18"
      WHERE
        "t18"."breakdown" <> 'totaal'
    ) AS "t21"
    INNER JOIN "duiding_memtable_2" AS "t4"
      ON "t21"."period_start" = "t4"."period_start"
      AND "t21"."area_level" = "t4"."area_level"
      AND "t21"."area_code" = "t4"."area_code"
  ) AS "t23"
) AS "t25"
