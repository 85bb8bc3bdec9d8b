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
        "t4"."period_start",
        "t4"."period_end",
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
      INNER JOIN "duiding_memtable_1" AS "t4"
        ON "t9"."start" <= "t4"."period_end"
        AND (
          (
            "t9"."einde" IS NULL
          ) OR (
            "t9"."einde" >= "t4"."period_start"
          )
        )
    ) AS "t11"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t4"."period_start",
        "t4"."period_end",
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
      INNER JOIN "duiding_memtable_1" AS "t4"
        ON "t10"."start" <= "t4"."period_end"
        AND (
          (
            "t10"."einde" IS NULL
          ) OR (
            "t10"."einde" >= "t4"."period_start"
          )
        )
    ) AS "t12"
  ) AS "t13"
  GROUP BY
    1,
    2,
    3
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
  END AS "value",
  CAST(NULL AS DOUBLE) AS "spread",
  CAST(NULL AS TEXT) AS "origin"
FROM (
  SELECT
    "t8"."period_start",
    "t8"."period_end",
    "t8"."area_level",
    "t8"."area_code",
    "t8"."area_name",
    "t8"."breakdown",
    "t8"."breakdown_value",
    COALESCE("t24"."hits", 0.0) AS "hits",
    COALESCE("t24"."n", 0.0) AS "n"
  FROM (
    SELECT
      "t0"."period_start",
      "t0"."period_end",
      "t0"."area_level",
      "t0"."area_code",
      "t0"."area_name",
      'totaal' AS "breakdown",
      'totaal' AS "breakdown_value"
    FROM "duiding_memtable_2" AS "t0"
  ) AS "t8"
  LEFT OUTER JOIN (
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
  ) AS "t24"
    ON "t8"."period_start" = "t24"."period_start"
    AND "t8"."area_level" = "t24"."area_level"
    AND "t8"."area_code" = "t24"."area_code"
    AND "t8"."breakdown" = "t24"."breakdown"
    AND "t8"."breakdown_value" = "t24"."breakdown_value"
) AS "t25"
