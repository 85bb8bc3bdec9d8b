-- duiding_memtable_N: perioden en gebiedsraster, in het geheugen aangemaakt
WITH "t10" AS (
  SELECT
    "t7"."load_id",
    "t7"."traject_id",
    "t7"."client_id",
    "t7"."buurt_code",
    "t7"."start",
    "t7"."einde",
    "t7"."vorm",
    "t7"."aanbieder",
    "t7"."leeftijd",
    "t7"."_buurt",
    "t4"."period_start",
    "t4"."period_end"
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
  ) AS "t7"
  INNER JOIN "duiding_memtable_1" AS "t4"
    ON "t7"."start" <= "t4"."period_end"
    AND (
      (
        "t7"."einde" IS NULL
      ) OR (
        "t7"."einde" >= "t4"."period_start"
      )
    )
), "t12" AS (
  SELECT
    "t9"."load_id",
    "t9"."traject_id",
    "t9"."client_id",
    "t9"."buurt_code",
    "t9"."start",
    "t9"."einde",
    "t9"."vorm",
    "t9"."aanbieder",
    "t9"."leeftijd",
    "t9"."_buurt",
    "t4"."period_start",
    "t4"."period_end"
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
    WHERE
      NOT (
        "t1"."vorm" IN ('ambulant')
      ) OR (
        "t1"."vorm" IS NULL
      )
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
), "t37" AS (
  SELECT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t23"."period_start",
        "t23"."period_end",
        "t23"."area_level",
        "t23"."area_code",
        "t23"."breakdown",
        "t23"."breakdown_value",
        CAST(COUNT(*) AS DOUBLE) AS "amount"
      FROM (
        SELECT
          "t11"."load_id",
          "t11"."traject_id",
          "t11"."client_id",
          "t11"."buurt_code",
          "t11"."start",
          "t11"."einde",
          "t11"."vorm",
          "t11"."aanbieder",
          "t11"."leeftijd",
          "t11"."_buurt",
          "t11"."period_start",
          "t11"."period_end",
          'wijk' AS "area_level",
          CASE
            WHEN "t11"."_buurt" IS NULL
            THEN CAST(NULL AS TEXT)
            ELSE 'WK' || SUBSTRING(
              "t11"."_buurt",
              CASE WHEN (
                2 + 1
              ) >= 1 THEN 2 + 1 ELSE 2 + 1 + LENGTH("t11"."_buurt") END,
              6
            )
          END AS "area_code",
          'totaal' AS "breakdown",
          'totaal' AS "breakdown_value"
        FROM "t10" AS "t11"
        WHERE
          CASE
            WHEN "t11"."_buurt" IS NULL
            THEN CAST(NULL AS TEXT)
            ELSE 'WK' || SUBSTRING(
              "t11"."_buurt",
              CASE WHEN (
                2 + 1
              ) >= 1 THEN 2 + 1 ELSE 2 + 1 + LENGTH("t11"."_buurt") END,
              6
            )
          END IS NOT NULL
      ) AS "t23"
      GROUP BY
        1,
        2,
        3,
        4,
        5,
        6
    ) AS "t32"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t24"."period_start",
        "t24"."period_end",
        "t24"."area_level",
        "t24"."area_code",
        "t24"."breakdown",
        "t24"."breakdown_value",
        CAST(COUNT(*) AS DOUBLE) AS "amount"
      FROM (
        SELECT
          "t11"."load_id",
          "t11"."traject_id",
          "t11"."client_id",
          "t11"."buurt_code",
          "t11"."start",
          "t11"."einde",
          "t11"."vorm",
          "t11"."aanbieder",
          "t11"."leeftijd",
          "t11"."_buurt",
          "t11"."period_start",
          "t11"."period_end",
          'wijk' AS "area_level",
          CASE
            WHEN "t11"."_buurt" IS NULL
            THEN CAST(NULL AS TEXT)
            ELSE 'WK' || SUBSTRING(
              "t11"."_buurt",
              CASE WHEN (
                2 + 1
              ) >= 1 THEN 2 + 1 ELSE 2 + 1 + LENGTH("t11"."_buurt") END,
              6
            )
          END AS "area_code",
          'aanbieder' AS "breakdown",
          COALESCE("t11"."aanbieder", 'onbekend') AS "breakdown_value"
        FROM "t10" AS "t11"
        WHERE
          CASE
            WHEN "t11"."_buurt" IS NULL
            THEN CAST(NULL AS TEXT)
            ELSE 'WK' || SUBSTRING(
              "t11"."_buurt",
              CASE WHEN (
                2 + 1
              ) >= 1 THEN 2 + 1 ELSE 2 + 1 + LENGTH("t11"."_buurt") END,
              6
            )
          END IS NOT NULL
      ) AS "t24"
      GROUP BY
        1,
        2,
        3,
        4,
        5,
        6
    ) AS "t33"
  ) AS "t35"
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
        CAST(COUNT(*) AS DOUBLE) AS "amount"
      FROM (
        SELECT
          "t11"."load_id",
          "t11"."traject_id",
          "t11"."client_id",
          "t11"."buurt_code",
          "t11"."start",
          "t11"."einde",
          "t11"."vorm",
          "t11"."aanbieder",
          "t11"."leeftijd",
          "t11"."_buurt",
          "t11"."period_start",
          "t11"."period_end",
          'buurt' AS "area_level",
          "t11"."_buurt" AS "area_code",
          'totaal' AS "breakdown",
          'totaal' AS "breakdown_value"
        FROM "t10" AS "t11"
        WHERE
          "t11"."_buurt" IS NOT NULL
      ) AS "t16"
      GROUP BY
        1,
        2,
        3,
        4,
        5,
        6
    ) AS "t22"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        *
      FROM (
        SELECT
          "t13"."period_start",
          "t13"."period_end",
          "t13"."area_level",
          "t13"."area_code",
          "t13"."breakdown",
          "t13"."breakdown_value",
          CAST(COUNT(*) AS DOUBLE) AS "amount"
        FROM (
          SELECT
            "t11"."load_id",
            "t11"."traject_id",
            "t11"."client_id",
            "t11"."buurt_code",
            "t11"."start",
            "t11"."einde",
            "t11"."vorm",
            "t11"."aanbieder",
            "t11"."leeftijd",
            "t11"."_buurt",
            "t11"."period_start",
            "t11"."period_end",
            'gemeente' AS "area_level",
            'GM0344' AS "area_code",
            'totaal' AS "breakdown",
            'totaal' AS "breakdown_value"
          FROM "t10" AS "t11"
          WHERE
            'GM0344' IS NOT NULL
        ) AS "t13"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t18"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t15"."period_start",
          "t15"."period_end",
          "t15"."area_level",
          "t15"."area_code",
          "t15"."breakdown",
          "t15"."breakdown_value",
          CAST(COUNT(*) AS DOUBLE) AS "amount"
        FROM (
          SELECT
            "t11"."load_id",
            "t11"."traject_id",
            "t11"."client_id",
            "t11"."buurt_code",
            "t11"."start",
            "t11"."einde",
            "t11"."vorm",
            "t11"."aanbieder",
            "t11"."leeftijd",
            "t11"."_buurt",
            "t11"."period_start",
            "t11"."period_end",
            'gemeente' AS "area_level",
            'GM0344' AS "area_code",
            'aanbieder' AS "breakdown",
            COALESCE("t11"."aanbieder", 'onbekend') AS "breakdown_value"
          FROM "t10" AS "t11"
          WHERE
            'GM0344' IS NOT NULL
        ) AS "t15"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t21"
    ) AS "t25"
  ) AS "t27"
), "t43" AS (
  SELECT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t30"."period_start",
        "t30"."period_end",
        "t30"."area_level",
        "t30"."area_code",
        "t30"."breakdown",
        "t30"."breakdown_value",
        CAST(COUNT(*) AS DOUBLE) AS "amount"
      FROM (
        SELECT
          "t14"."load_id",
          "t14"."traject_id",
          "t14"."client_id",
          "t14"."buurt_code",
          "t14"."start",
          "t14"."einde",
          "t14"."vorm",
          "t14"."aanbieder",
          "t14"."leeftijd",
          "t14"."_buurt",
          "t14"."period_start",
          "t14"."period_end",
          'wijk' AS "area_level",
          CASE
            WHEN "t14"."_buurt" IS NULL
            THEN CAST(NULL AS TEXT)
            ELSE 'WK' || SUBSTRING(
              "t14"."_buurt",
              CASE WHEN (
                2 + 1
              ) >= 1 THEN 2 + 1 ELSE 2 + 1 + LENGTH("t14"."_buurt") END,
              6
            )
          END AS "area_code",
          'totaal' AS "breakdown",
          'totaal' AS "breakdown_value"
        FROM "t12" AS "t14"
        WHERE
          CASE
            WHEN "t14"."_buurt" IS NULL
            THEN CAST(NULL AS TEXT)
            ELSE 'WK' || SUBSTRING(
              "t14"."_buurt",
              CASE WHEN (
                2 + 1
              ) >= 1 THEN 2 + 1 ELSE 2 + 1 + LENGTH("t14"."_buurt") END,
              6
            )
          END IS NOT NULL
      ) AS "t30"
      GROUP BY
        1,
        2,
        3,
        4,
        5,
        6
    ) AS "t38"
    UNION ALL
    SELECT
      *
    FROM (
      SELECT
        "t31"."period_start",
        "t31"."period_end",
        "t31"."area_level",
        "t31"."area_code",
        "t31"."breakdown",
        "t31"."breakdown_value",
        CAST(COUNT(*) AS DOUBLE) AS "amount"
      FROM (
        SELECT
          "t14"."load_id",
          "t14"."traject_id",
          "t14"."client_id",
          "t14"."buurt_code",
          "t14"."start",
          "t14"."einde",
          "t14"."vorm",
          "t14"."aanbieder",
          "t14"."leeftijd",
          "t14"."_buurt",
          "t14"."period_start",
          "t14"."period_end",
          'wijk' AS "area_level",
          CASE
            WHEN "t14"."_buurt" IS NULL
            THEN CAST(NULL AS TEXT)
            ELSE 'WK' || SUBSTRING(
              "t14"."_buurt",
              CASE WHEN (
                2 + 1
              ) >= 1 THEN 2 + 1 ELSE 2 + 1 + LENGTH("t14"."_buurt") END,
              6
            )
          END AS "area_code",
          'aanbieder' AS "breakdown",
          COALESCE("t14"."aanbieder", 'onbekend') AS "breakdown_value"
        FROM "t12" AS "t14"
        WHERE
          CASE
            WHEN "t14"."_buurt" IS NULL
            THEN CAST(NULL AS TEXT)
            ELSE 'WK' || SUBSTRING(
              "t14"."_buurt",
              CASE WHEN (
                2 + 1
              ) >= 1 THEN 2 + 1 ELSE 2 + 1 + LENGTH("t14"."_buurt") END,
              6
            )
          END IS NOT NULL
      ) AS "t31"
      GROUP BY
        1,
        2,
        3,
        4,
        5,
        6
    ) AS "t39"
  ) AS "t41"
  UNION ALL
  SELECT
    *
  FROM (
    SELECT
      *
    FROM (
      SELECT
        "t20"."period_start",
        "t20"."period_end",
        "t20"."area_level",
        "t20"."area_code",
        "t20"."breakdown",
        "t20"."breakdown_value",
        CAST(COUNT(*) AS DOUBLE) AS "amount"
      FROM (
        SELECT
          "t14"."load_id",
          "t14"."traject_id",
          "t14"."client_id",
          "t14"."buurt_code",
          "t14"."start",
          "t14"."einde",
          "t14"."vorm",
          "t14"."aanbieder",
          "t14"."leeftijd",
          "t14"."_buurt",
          "t14"."period_start",
          "t14"."period_end",
          'buurt' AS "area_level",
          "t14"."_buurt" AS "area_code",
          'totaal' AS "breakdown",
          'totaal' AS "breakdown_value"
        FROM "t12" AS "t14"
        WHERE
          "t14"."_buurt" IS NOT NULL
      ) AS "t20"
      GROUP BY
        1,
        2,
        3,
        4,
        5,
        6
    ) AS "t29"
    UNION ALL
    SELECT
      *
    FROM (
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
          CAST(COUNT(*) AS DOUBLE) AS "amount"
        FROM (
          SELECT
            "t14"."load_id",
            "t14"."traject_id",
            "t14"."client_id",
            "t14"."buurt_code",
            "t14"."start",
            "t14"."einde",
            "t14"."vorm",
            "t14"."aanbieder",
            "t14"."leeftijd",
            "t14"."_buurt",
            "t14"."period_start",
            "t14"."period_end",
            'gemeente' AS "area_level",
            'GM0344' AS "area_code",
            'totaal' AS "breakdown",
            'totaal' AS "breakdown_value"
          FROM "t12" AS "t14"
          WHERE
            'GM0344' IS NOT NULL
        ) AS "t17"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t26"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t19"."period_start",
          "t19"."period_end",
          "t19"."area_level",
          "t19"."area_code",
          "t19"."breakdown",
          "t19"."breakdown_value",
          CAST(COUNT(*) AS DOUBLE) AS "amount"
        FROM (
          SELECT
            "t14"."load_id",
            "t14"."traject_id",
            "t14"."client_id",
            "t14"."buurt_code",
            "t14"."start",
            "t14"."einde",
            "t14"."vorm",
            "t14"."aanbieder",
            "t14"."leeftijd",
            "t14"."_buurt",
            "t14"."period_start",
            "t14"."period_end",
            'gemeente' AS "area_level",
            'GM0344' AS "area_code",
            'aanbieder' AS "breakdown",
            COALESCE("t14"."aanbieder", 'onbekend') AS "breakdown_value"
          FROM "t12" AS "t14"
          WHERE
            'GM0344' IS NOT NULL
        ) AS "t19"
        GROUP BY
          1,
          2,
          3,
          4,
          5,
          6
      ) AS "t28"
    ) AS "t34"
  ) AS "t36"
)
SELECT
  "t58"."period_start",
  "t58"."period_end",
  "t58"."area_level",
  "t58"."area_code",
  "t58"."area_name",
  "t58"."breakdown",
  "t58"."breakdown_value",
  "t58"."numerator",
  "t58"."denominator",
  "t58"."value",
  "t58"."spread",
  CAST(NULL AS TEXT) AS "origin"
FROM (
  SELECT
    "t57"."period_start",
    "t57"."period_end",
    "t57"."area_level",
    "t57"."area_code",
    "t57"."area_name",
    "t57"."breakdown",
    "t57"."breakdown_value",
    "t57"."amount" AS "numerator",
    "t55"."amount" AS "denominator",
    CASE
      WHEN (
        "t55"."amount" IS NOT NULL
      ) AND (
        "t55"."amount" > 0
      )
      THEN (
        "t57"."amount" / "t55"."amount"
      ) * 100
      ELSE CAST(NULL AS DOUBLE)
    END AS "value",
    CAST(NULL AS DOUBLE) AS "spread"
  FROM (
    SELECT
      "t53"."period_start",
      "t53"."period_end",
      "t53"."area_level",
      "t53"."area_code",
      "t53"."area_name",
      "t53"."breakdown",
      "t53"."breakdown_value",
      "t53"."amount",
      CASE
        WHEN "t53"."breakdown" IN ('totaal', 'aanbieder')
        THEN "t53"."breakdown"
        ELSE 'totaal'
      END AS "den_breakdown",
      CASE
        WHEN "t53"."breakdown" IN ('totaal', 'aanbieder')
        THEN "t53"."breakdown_value"
        ELSE 'totaal'
      END AS "den_breakdown_value"
    FROM (
      SELECT
        "t52"."period_start",
        "t52"."period_end",
        "t52"."area_level",
        "t52"."area_code",
        "t52"."area_name",
        "t52"."breakdown",
        "t52"."breakdown_value",
        COALESCE("t46"."amount", 0.0) AS "amount"
      FROM (
        SELECT
          *
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
        ) AS "t5"
        UNION ALL
        SELECT
          *
        FROM (
          SELECT
            "t3"."period_start",
            "t3"."period_end",
            "t3"."area_level",
            "t3"."area_code",
            "t3"."area_name",
            "t49"."breakdown",
            "t49"."breakdown_value"
          FROM "duiding_memtable_2" AS "t3"
          CROSS JOIN (
            SELECT
              *
            FROM (
              SELECT
                "t44"."breakdown",
                "t44"."breakdown_value"
              FROM "t43" AS "t44"
              WHERE
                "t44"."breakdown" IN ('aanbieder')
            ) AS "t47"
            UNION
            SELECT
              *
            FROM (
              SELECT
                "t40"."breakdown",
                "t40"."breakdown_value"
              FROM "t37" AS "t40"
              WHERE
                "t40"."breakdown" IN ('aanbieder')
            ) AS "t45"
          ) AS "t49"
        ) AS "t50"
      ) AS "t52"
      LEFT OUTER JOIN "t43" AS "t46"
        ON "t52"."period_start" = "t46"."period_start"
        AND "t52"."area_level" = "t46"."area_level"
        AND "t52"."area_code" = "t46"."area_code"
        AND "t52"."breakdown" = "t46"."breakdown"
        AND "t52"."breakdown_value" = "t46"."breakdown_value"
    ) AS "t53"
  ) AS "t57"
  LEFT OUTER JOIN (
    SELECT
      "t52"."period_start",
      "t52"."period_end",
      "t52"."area_level",
      "t52"."area_code",
      "t52"."area_name",
      "t52"."breakdown",
      "t52"."breakdown_value",
      COALESCE("t42"."amount", 0.0) AS "amount"
    FROM (
      SELECT
        *
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
      ) AS "t5"
      UNION ALL
      SELECT
        *
      FROM (
        SELECT
          "t3"."period_start",
          "t3"."period_end",
          "t3"."area_level",
          "t3"."area_code",
          "t3"."area_name",
          "t49"."breakdown",
          "t49"."breakdown_value"
        FROM "duiding_memtable_2" AS "t3"
        CROSS JOIN (
          SELECT
            *
          FROM (
            SELECT
              "t44"."breakdown",
              "t44"."breakdown_value"
            FROM "t43" AS "t44"
            WHERE
              "t44"."breakdown" IN ('aanbieder')
          ) AS "t47"
          UNION
          SELECT
            *
          FROM (
            SELECT
              "t40"."breakdown",
              "t40"."breakdown_value"
            FROM "t37" AS "t40"
            WHERE
              "t40"."breakdown" IN ('aanbieder')
          ) AS "t45"
        ) AS "t49"
      ) AS "t50"
    ) AS "t52"
    LEFT OUTER JOIN "t37" AS "t42"
      ON "t52"."period_start" = "t42"."period_start"
      AND "t52"."area_level" = "t42"."area_level"
      AND "t52"."area_code" = "t42"."area_code"
      AND "t52"."breakdown" = "t42"."breakdown"
      AND "t52"."breakdown_value" = "t42"."breakdown_value"
  ) AS "t55"
    ON "t57"."period_start" = "t55"."period_start"
    AND "t57"."area_level" = "t55"."area_level"
    AND "t57"."area_code" = "t55"."area_code"
    AND "t57"."den_breakdown" = "t55"."breakdown"
    AND "t57"."den_breakdown_value" = "t55"."breakdown_value"
) AS "t58"
WHERE
  (
    "t58"."breakdown" = 'totaal'
  )
  OR (
    (
      "t58"."breakdown" = 'aanbieder'
    )
    AND "t58"."area_level" IN ('gemeente', 'wijk')
  )
