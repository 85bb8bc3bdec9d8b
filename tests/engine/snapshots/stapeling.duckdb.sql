-- duiding_memtable_N: perioden en gebiedsraster, in het geheugen aangemaakt
WITH "t14" AS (
  SELECT
    "t13"."period_start",
    "t13"."period_end",
    "t13"."unit",
    COUNT(DISTINCT "t13"."kind") AS "kinds",
    MIN("t13"."_buurt") AS "_buurt"
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t6"."period_start",
        "t6"."period_end",
        "t9"."client_id" AS "unit",
        'jeugdhulp' AS "kind",
        "t9"."_buurt"
      FROM (
        SELECT
          "t1"."load_id",
          "t1"."traject_id",
          "t1"."client_id",
          "t1"."buurt_code",
          "t1"."start",
          "t1"."einde",
          "t1"."vorm",
          "t1"."aanbieder",
          "t1"."leeftijd",
          "t1"."buurt_code" AS "_buurt"
        FROM "src_jeugdhulp_trajecten" AS "t1"
      ) AS "t9"
      INNER JOIN "duiding_memtable_1" AS "t6"
        ON "t9"."start" <= "t6"."period_end"
        AND (
          (
            "t9"."einde" IS NULL
          ) OR (
            "t9"."einde" >= "t6"."period_start"
          )
        )
    ) AS "t11"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t6"."period_start",
        "t6"."period_end",
        "t10"."client_id" AS "unit",
        'wmo' AS "kind",
        "t10"."_buurt"
      FROM (
        SELECT
          "t3"."load_id",
          "t3"."voorziening_id",
          "t3"."client_id",
          "t3"."buurt_code",
          "t3"."start",
          "t3"."einde",
          "t3"."soort",
          "t3"."buurt_code" AS "_buurt"
        FROM "src_wmo_voorzieningen" AS "t3"
      ) AS "t10"
      INNER JOIN "duiding_memtable_1" AS "t6"
        ON "t10"."start" <= "t6"."period_end"
        AND (
          (
            "t10"."einde" IS NULL
          ) OR (
            "t10"."einde" >= "t6"."period_start"
          )
        )
    ) AS "t12"
  ) AS "t13"
  GROUP BY
    1,
    2,
    3
), "t23" AS (
  SELECT
    *
  FROM (
    SELECT
      "t17"."period_start",
      "t17"."period_end",
      "t17"."area_level",
      "t17"."area_code",
      "t17"."breakdown",
      "t17"."breakdown_value",
      CAST(SUM(CAST("t17"."kinds" >= 2 AS BIGINT)) AS DOUBLE) AS "hits",
      CAST(COUNT(*) AS DOUBLE) AS "n"
    FROM (
      SELECT
        "t15"."period_start",
        "t15"."period_end",
        "t15"."unit",
        "t15"."kinds",
        "t15"."_buurt",
        'buurt' AS "area_level",
        "t15"."_buurt" AS "area_code",
        'totaal' AS "breakdown",
        'totaal' AS "breakdown_value"
      FROM "t14" AS "t15"
      WHERE
        "t15"."_buurt" IS NOT NULL
    ) AS "t17"
    GROUP BY
      1,
      2,
      3,
      4,
      5,
      6
  ) AS "t20"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t16"."period_start",
        "t16"."period_end",
        "t16"."area_level",
        "t16"."area_code",
        "t16"."breakdown",
        "t16"."breakdown_value",
        CAST(SUM(CAST("t16"."kinds" >= 2 AS BIGINT)) AS DOUBLE) AS "hits",
        CAST(COUNT(*) AS DOUBLE) AS "n"
      FROM (
        SELECT
          "t15"."period_start",
          "t15"."period_end",
          "t15"."unit",
          "t15"."kinds",
          "t15"."_buurt",
          'gemeente' AS "area_level",
          'GM0344' AS "area_code",
          'totaal' AS "breakdown",
          'totaal' AS "breakdown_value"
        FROM "t14" AS "t15"
        WHERE
          'GM0344' IS NOT NULL
      ) AS "t16"
      GROUP BY
        1,
        2,
        3,
        4,
        5,
        6
    ) AS "t19"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t18"."period_start",
        "t18"."period_end",
        "t18"."area_level",
        "t18"."area_code",
        "t18"."breakdown",
        "t18"."breakdown_value",
        CAST(SUM(CAST("t18"."kinds" >= 2 AS BIGINT)) AS DOUBLE) AS "hits",
        CAST(COUNT(*) AS DOUBLE) AS "n"
      FROM (
        SELECT
          "t15"."period_start",
          "t15"."period_end",
          "t15"."unit",
          "t15"."kinds",
          "t15"."_buurt",
          'wijk' AS "area_level",
          CASE
            WHEN "t15"."_buurt" IS NULL
            THEN CAST(NULL AS TEXT)
            ELSE 'WK' || SUBSTRING(
              "t15"."_buurt",
              CASE WHEN (
                2 + 1
              ) >= 1 THEN 2 + 1 ELSE 2 + 1 + LENGTH("t15"."_buurt") END,
              6
            )
          END AS "area_code",
          'totaal' AS "breakdown",
          'totaal' AS "breakdown_value"
        FROM "t14" AS "t15"
        WHERE
          CASE
            WHEN "t15"."_buurt" IS NULL
            THEN CAST(NULL AS TEXT)
            ELSE 'WK' || SUBSTRING(
              "t15"."_buurt",
              CASE WHEN (
                2 + 1
              ) >= 1 THEN 2 + 1 ELSE 2 + 1 + LENGTH("t15"."_buurt") END,
              6
            )
          END IS NOT NULL
      ) AS "t18"
      GROUP BY
        1,
        2,
        3,
        4,
        5,
        6
    ) AS "t21"
  ) AS "t22"
)
SELECT
  "t31"."period_start",
  "t31"."period_end",
  "t31"."area_level",
  "t31"."area_code",
  "t31"."area_name",
  "t31"."breakdown",
  "t31"."breakdown_value",
  "t31"."hits" AS "numerator",
  "t31"."n" AS "denominator",
  CASE
    WHEN (
      "t31"."n" IS NOT NULL
    ) AND (
      "t31"."n" > 0
    )
    THEN (
      "t31"."hits" / "t31"."n"
    ) * 100
    ELSE CAST(NULL AS DOUBLE)
  END AS "value"
FROM (
  SELECT
    *
  FROM (
    SELECT
      "t4"."period_start",
      "t4"."period_end",
      "t4"."area_level",
      "t4"."area_code",
      "t4"."area_name",
      'totaal' AS "breakdown",
      'totaal' AS "breakdown_value",
      COALESCE("t28"."hits", 0.0) AS "hits",
      COALESCE("t28"."n", 0.0) AS "n"
    FROM "duiding_memtable_2" AS "t4"
    LEFT OUTER JOIN (
      SELECT
        *
      FROM "t23" AS "t24"
      WHERE
        "t24"."breakdown" = 'totaal'
    ) AS "t28"
      ON "t4"."period_start" = "t28"."period_start"
      AND "t4"."area_level" = "t28"."area_level"
      AND "t4"."area_code" = "t28"."area_code"
  ) AS "t30"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      "t5"."period_start",
      "t5"."period_end",
      "t5"."area_level",
      "t5"."area_code",
      "t5"."area_name",
      "t27"."breakdown",
      "t27"."breakdown_value",
      "t27"."hits",
      "t27"."n"
    FROM (
      SELECT
        *
      FROM "t23" AS "t24"
      WHERE
        "t24"."breakdown" <> 'totaal'
    ) AS "t27"
    INNER JOIN "duiding_memtable_2" AS "t5"
      ON "t27"."period_start" = "t5"."period_start"
      AND "t27"."area_level" = "t5"."area_level"
      AND "t27"."area_code" = "t5"."area_code"
  ) AS "t29"
) AS "t31"
