-- ETAs from inbound shipments (issue 17): the per-shop setting, who set a variant's ETA, the mirror of inbound shipment lines.
ALTER TABLE "ShopSettings" ADD COLUMN "inboundEtaMode" TEXT NOT NULL DEFAULT 'off';
ALTER TABLE "ShopSettings" ADD COLUMN "inboundHandlingDays" INTEGER NOT NULL DEFAULT 2;
ALTER TABLE "VariantBackorder" ADD COLUMN "etaSource" TEXT NOT NULL DEFAULT 'manual';

-- CreateTable
CREATE TABLE "InboundShipmentLine" (
    "shop" TEXT NOT NULL,
    "shipmentLineItemId" TEXT NOT NULL,
    "transferId" TEXT NOT NULL,
    "transferName" TEXT NOT NULL,
    "shipmentId" TEXT NOT NULL,
    "shipmentName" TEXT NOT NULL,
    "shipmentStatus" TEXT NOT NULL,
    "inventoryItemId" TEXT NOT NULL,
    "variantId" TEXT,
    "destinationLocationId" TEXT,
    "unreceivedQuantity" INTEGER NOT NULL,
    "arrivesAt" TIMESTAMP(3),
    "syncedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InboundShipmentLine_pkey" PRIMARY KEY ("shop","shipmentLineItemId")
);

-- CreateIndex
CREATE INDEX "InboundShipmentLine_shop_idx" ON "InboundShipmentLine"("shop");

-- CreateIndex
CREATE INDEX "InboundShipmentLine_shop_transferId_idx" ON "InboundShipmentLine"("shop", "transferId");

-- CreateIndex
CREATE INDEX "InboundShipmentLine_shop_variantId_idx" ON "InboundShipmentLine"("shop", "variantId");
